"""Printed and spreadsheet forms of the ledgers: PDF registers and slips (reportlab), Excel export and import
(openpyxl), and masking of personal data. Nothing here imports Qt; data is read only through ledger operations.
"""
