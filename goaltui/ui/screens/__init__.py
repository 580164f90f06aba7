"""The dashboard's screens (one module each) and its dialogs."""
