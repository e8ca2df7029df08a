#!/usr/bin/python3
"""Renders one GeoPackage layer with QGIS (PyQGIS 3.22) and prints the render times in ms as JSON.

usage: qgis_render.py GPKG LAYER WIDTH HEIGHT RUNS [--zoom-m M] [--out PNG]
Full extent of the layer, or with --zoom-m a box of M × M metres round its centre. Single-symbol
1-pixel antialiased lines/outlines, no labels: the simple style PlanMap is compared with.
Run with /usr/bin/python3 and QT_QPA_PLATFORM=offscreen; leaves with os._exit (3.22 crashes in exitQgis).
"""
import json
import math
import os
import sys
import time

from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle,
                       QgsSingleSymbolRenderer, QgsSymbol, QgsUnitTypes, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main():
    args = sys.argv[1:]
    zoom = None
    out = None
    if "--zoom-m" in args:
        i = args.index("--zoom-m")
        zoom = float(args[i + 1])
        del args[i:i + 2]
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    gpkg, layer_name, width, height, runs = args[0], args[1], int(args[2]), int(args[3]), int(args[4])

    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(f"{gpkg}|layername={layer_name}", layer_name, "ogr")
    if not layer.isValid():
        print(f"qgis_render.py: cannot open layer {layer_name} of {gpkg}", file=sys.stderr)
        os._exit(1)
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    symbol.setColor(QColor(31, 120, 180))
    if layer.geometryType() == QgsWkbTypes.LineGeometry:
        symbol.setWidth(1)
        symbol.setWidthUnit(QgsUnitTypes.RenderPixels)
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))

    extent = layer.extent()
    if zoom:
        cx, cy = extent.center().x(), extent.center().y()
        dx = zoom / 2 / (111320 * math.cos(math.radians(cy)))
        dy = zoom / 2 / 110574
        extent = QgsRectangle(cx - dx, cy - dy, cx + dx, cy + dy)

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor(244, 243, 238))
    settings.setFlag(QgsMapSettings.Antialiasing, True)

    # One untimed frame first: PlanMap's figures also start with the data loaded and warm.
    times = []
    image = None
    for run in range(runs + 1):
        t0 = time.perf_counter()
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        if run > 0:
            times.append((time.perf_counter() - t0) * 1000)
    if out and image is not None:
        image.save(out)
    print(json.dumps({"layer": layer_name, "features": layer.featureCount(), "zoom_m": zoom, "ms": times}))
    sys.stdout.flush()
    os._exit(0)


main()
