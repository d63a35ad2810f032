"""Small reusable widgets: ordered lists, paragraph editors, inline messages, the list panel."""
