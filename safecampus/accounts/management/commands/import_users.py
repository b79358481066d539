from safecampus.core.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import accounts and roles from an Excel file: all rows or none; re-importing adds nothing twice."
    kind = "users"
