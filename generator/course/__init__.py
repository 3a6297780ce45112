"""Reading a course folder: YAML to typed models, with every problem at its file, line and column."""
