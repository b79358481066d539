"""SafeCampus (平安校园治理平台): school safety governance for four levels of authority."""
