#pragma once

// The map tools and overlays of marking and editing, driven by FieldController.

#include "app/gui/MapCanvas.h"
#include "data/store/Model.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace app {

class FieldController;

// The stretch being entered (or a GPS proposal under review), drawn over its river.
class StretchPreviewOverlay : public MapOverlay
{
public:
  // `path` in map units; empty hides the preview.
  void set(std::int64_t featureId, std::vector<gis::Point> path)
  {
    mFeature = featureId;
    mPath = std::move(path);
  }
  std::int64_t featureId() const { return mFeature; }
  const std::vector<gis::Point> &path() const { return mPath; }
  void paint(QPainter &painter, const layers::MapSettings &view) override;

private:
  std::int64_t mFeature = 0;
  std::vector<gis::Point> mPath;
};

// Pins where photos were taken; a click on one opens it.
class PhotoPinOverlay : public MapOverlay
{
public:
  explicit PhotoPinOverlay(FieldController &field)
      : mField(field)
  {
  }
  void paint(QPainter &painter, const layers::MapSettings &view) override;
  bool click(const QPointF &pixel, const layers::MapSettings &view) override;
  // The uuid of the pin under a pixel, or "".
  QString pinAt(const QPointF &pixel, const layers::MapSettings &view) const;

private:
  FieldController &mField;
};

// Two clicks on the selected river set the start and the end of the stretch (snapped, chainage in
// metres); a click far from it selects what is there instead.
class MarkStretchTool : public MapTool
{
public:
  MarkStretchTool(FieldController &field, MapCanvas &canvas)
      : mField(field)
      , mCanvas(canvas)
  {
  }
  void click(const MapToolEvent &e) override;
  void reset() { mNextIsStart = true; }
  bool nextIsStart() const { return mNextIsStart; }

private:
  FieldController &mField;
  MapCanvas &mCanvas;
  bool mNextIsStart = true;
};

// Rubber bands and vertex handles of the editing tools.
class EditOverlay : public MapOverlay
{
public:
  void paint(QPainter &painter, const layers::MapSettings &view) override;
  std::vector<gis::Point> band; // map units, drawn as a line (or a ring when `closed`)
  bool closed = false;
  std::vector<gis::Point> handles;  // map units, vertex handles
  std::optional<gis::Point> marker; // the snapped point
};

// Planner tools. Each pushes one command on the stack when done.
class AddFeatureTool : public MapTool
{
public:
  AddFeatureTool(FieldController &field, MapCanvas &canvas);
  // Its rubber bands; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  bool press(const MapToolEvent &e) override;
  void move(const MapToolEvent &e) override;
  void click(const MapToolEvent &e) override;
  void doubleClick(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  std::size_t pointCount() const { return mPoints.size(); }

private:
  void finish();
  void updateBand(const std::optional<gis::Point> &hover);

  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  std::vector<gis::Point> mPoints; // map units
};

// Drag a feature to move it.
class MoveFeatureTool : public MapTool
{
public:
  MoveFeatureTool(FieldController &field, MapCanvas &canvas);
  // Its rubber bands; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  bool press(const MapToolEvent &e) override;
  void move(const MapToolEvent &e) override;
  void release(const MapToolEvent &e) override;
  void click(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  QCursor cursor() const override { return Qt::SizeAllCursor; }

private:
  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  std::optional<data::Feature> mFeature;
  gis::Geometry mMapGeometry;
  gis::Point mStart;
};

// Drag a vertex of the selected feature; it snaps to vertices and edges of visible features.
class VertexTool : public MapTool
{
public:
  VertexTool(FieldController &field, MapCanvas &canvas);
  // Its rubber bands; the owner takes it off the canvas before the tool goes.
  MapOverlay *overlay() { return &mOverlay; }
  bool press(const MapToolEvent &e) override;
  void move(const MapToolEvent &e) override;
  void release(const MapToolEvent &e) override;
  // Selects what is clicked, unless it is on the edited feature.
  void click(const MapToolEvent &e) override;
  // On a vertex: removes it; on an edge: adds a vertex there.
  void doubleClick(const MapToolEvent &e) override;
  bool cancel() override;
  void deactivated() override;
  // Shows the handles of the selected feature (after a selection or a change).
  void refresh();

private:
  struct Ref
  {
    std::size_t part = 0, path = 0, index = 0;
  };
  FieldController &mField;
  MapCanvas &mCanvas;
  EditOverlay mOverlay;
  std::optional<data::Feature> mFeature;
  gis::Geometry mMapGeometry;
  std::optional<Ref> vertexAt(const QPointF &pixel) const;
  // The segment (its first vertex) under a pixel and the point on it, map units.
  std::optional<std::pair<Ref, gis::Point>> edgeAt(const QPointF &pixel) const;
  void pushGeometry(const gis::Geometry &lonLat);

  std::optional<Ref> mDragged;
  gis::Point mTarget;
};

// A click on a river splits it there.
class SplitTool : public MapTool
{
public:
  SplitTool(FieldController &field, MapCanvas &canvas)
      : mField(field)
      , mCanvas(canvas)
  {
  }
  void click(const MapToolEvent &e) override;

private:
  FieldController &mField;
  MapCanvas &mCanvas;
};

} // namespace app
