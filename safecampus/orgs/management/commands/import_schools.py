from safecampus.core.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import schools from an Excel file: all rows or none; re-importing updates."
    kind = "schools"
