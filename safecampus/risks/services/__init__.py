"""The risk register's actions: one function per action, called by pages, the API, imports and the demo alike."""
