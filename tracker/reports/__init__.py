"""Read models: the status table, timelines, landscape, changes, feeds, exports, redlines, notifications."""
