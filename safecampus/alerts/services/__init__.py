"""Early warning's services: one function per action, called by pages, the API, ingestion, commands and jobs."""
