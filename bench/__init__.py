"""Load benchmark and its lightweight Socket.IO client (see README, "Performance")."""
