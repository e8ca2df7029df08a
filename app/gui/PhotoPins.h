#pragma once

#include "app/gui/MapCanvas.h"
#include "gis/Geometry.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

class QDialog;
class QWidget;

namespace core {
class Project;
}

namespace app {

class LonLatTransform;

// A photo attached to an event, for the map's pins and the photo viewer.
struct PhotoPin
{
  QString uuid;
  QString eventUuid;
  std::int64_t featureId = 0;
  QString fileName;
  QString takenAt;
  std::optional<gis::Point> lonLat; // EXIF position
};

// The photos of the open project: read on a worker after each change, shown full size on request.
class PhotoPins : public QObject
{
  Q_OBJECT
public:
  PhotoPins(core::Project &project, QWidget *window);

  const std::vector<PhotoPin> &pins() const { return mPins; }
  // Reads the pins again (the newest read wins); `done` runs when they are in.
  void reload(std::function<void()> done);
  // Drops the pins and a read still running.
  void clear();
  bool isBusy() const;
  // Opens a photo full size (non-modal); `historyFeature` is where to look for a retracted mark's
  // photo, which is not pinned. nullptr when the photo is unknown.
  QDialog *show(const QString &attachmentUuid, std::optional<std::int64_t> historyFeature);

signals:
  void shown(const QString &attachmentUuid);

private:
  QString eventOf(const QString &attachmentUuid, std::optional<std::int64_t> historyFeature) const;

  core::Project &mProject;
  QWidget *mWindow;
  std::vector<PhotoPin> mPins;
  int mLane; // on the project's task runner
  QPointer<QDialog> mDialog;
};

// Pins where photos were taken; a click on one opens it.
class PhotoPinOverlay : public MapOverlay
{
public:
  PhotoPinOverlay(const PhotoPins &pins, const LonLatTransform &transform,
                  std::function<void(const QString &)> open)
      : mPins(pins)
      , mTransform(transform)
      , mOpen(std::move(open))
  {
  }
  void paint(QPainter &painter, const layers::MapSettings &view) override;
  bool click(const QPointF &pixel, const layers::MapSettings &view) override;
  // The uuid of the pin under a pixel, or "".
  QString pinAt(const QPointF &pixel, const layers::MapSettings &view) const;

private:
  const PhotoPins &mPins;
  const LonLatTransform &mTransform;
  std::function<void(const QString &)> mOpen;
};

} // namespace app
