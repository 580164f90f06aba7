"""Screen 1, the goals: the tree with rolled-up progress, the detail, and actions on a goal."""
