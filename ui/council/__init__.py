"""Following an item through the council: the roll-call vote, the activity log, the timeline."""
