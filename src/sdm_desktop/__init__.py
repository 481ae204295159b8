"""SDM Desktop: offline tool for running a local Shared Decision Making programme."""

__version__ = "0.1.0"
APP_NAME = "SDM Desktop"
