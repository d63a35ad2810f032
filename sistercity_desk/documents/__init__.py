"""Documents: the context templates receive, safe rendering, PDF conversion and print packets."""
