"""Views of the graph and the records: network and Sankey pages, tables, the site."""
