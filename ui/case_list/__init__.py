"""The case list: a paged table model over the case_list service and its widget."""
