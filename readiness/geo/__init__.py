"""Geography: region points, distances and rings (``places``), boundary files (``boundaries``) and map-ready tables
(``mapdata``)."""
