#include "app/gui/PhotoPins.h"

#include "app/core/Project.h"
#include "app/gui/LonLatTransform.h"
#include "data/store/Store.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QVBoxLayout>

#include <set>

namespace app {

namespace {

QString q(const std::string &s)
{
  return QString::fromStdString(s);
}

// Every photo of every event that still counts (retracted marks' photos are not pinned).
std::vector<PhotoPin> readPins(const std::string &path)
{
  std::vector<PhotoPin> pins;
  const std::unique_ptr<data::Store> store = data::openProject(path);
  const std::vector<data::Event> events = store->allEvents();
  std::set<std::string> retracted;
  for (const data::Event &e : events)
    if (e.kind == data::EventKind::Retraction) retracted.insert(e.retracts);
  for (const data::Event &e : events) {
    if (e.kind == data::EventKind::Retraction || retracted.count(e.uuid)) continue;
    for (const data::Attachment &a : store->attachments(e.uuid))
      pins.push_back({q(a.uuid), q(e.uuid), e.featureId, q(a.fileName), q(a.takenAt), a.position});
  }
  return pins;
}

QDialog *photoDialog(const data::Attachment &a, QWidget *parent)
{
  const QImage image =
      QImage::fromData(reinterpret_cast<const uchar *>(a.data.data()), static_cast<int>(a.data.size()));
  auto *dialog = new QDialog(parent);
  dialog->setObjectName(QStringLiteral("PhotoDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(q(a.fileName));
  auto *layout = new QVBoxLayout(dialog);
  auto *picture = new QLabel(dialog);
  picture->setObjectName(QStringLiteral("photo"));
  picture->setAlignment(Qt::AlignCenter);
  if (image.isNull())
    picture->setText(PhotoPins::tr("The photo cannot be shown"));
  else
    picture->setPixmap(
        QPixmap::fromImage(image.width() > 1200 || image.height() > 800
                               ? image.scaled(1200, 800, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                               : image));
  layout->addWidget(picture, 1);
  QString info =
      a.takenAt.empty() ? PhotoPins::tr("time unknown") : PhotoPins::tr("taken %1").arg(q(a.takenAt));
  if (a.position)
    info += QStringLiteral(" · %1, %2").arg(a.position->y, 0, 'f', 6).arg(a.position->x, 0, 'f', 6);
  else
    info += QStringLiteral(" · ") + PhotoPins::tr("no GPS position");
  layout->addWidget(new QLabel(info, dialog));
  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
  layout->addWidget(buttons);
  return dialog;
}

} // namespace

PhotoPins::PhotoPins(core::Project &project, QWidget *window)
    : QObject(window)
    , mProject(project)
    , mWindow(window)
    , mLane(project.tasks().addLane(QStringLiteral("photo pins"), core::TaskRunner::Policy::LatestWins))
{
}

void PhotoPins::clear()
{
  mPins.clear();
  mProject.tasks().cancel(mLane); // a read still running is dropped
}

bool PhotoPins::isBusy() const
{
  return mProject.tasks().isBusy(mLane);
}

void PhotoPins::reload(std::function<void()> done)
{
  // Every photo of every event: one query per event, seconds for a city's history, so read on a
  // worker through a connection of its own; the newest read wins.
  if (!mProject.store()) {
    clear();
    return;
  }
  mProject.tasks().run(
      mLane, [path = mProject.path().toStdString()](const core::TaskContext &) { return readPins(path); },
      [this, done = std::move(done)](core::TaskResult<std::vector<PhotoPin>> result) {
        if (!result.ok() || result.cancelled) return; // no pins rather than a message on every reload
        mPins = std::move(*result.value);
        if (done) done();
      });
}

QString PhotoPins::eventOf(const QString &attachmentUuid, std::optional<std::int64_t> historyFeature) const
{
  for (const PhotoPin &p : mPins)
    if (p.uuid == attachmentUuid) return p.eventUuid;
  // A retracted event's photo is not pinned but still in the history: look it up there.
  const data::Store *store = mProject.store();
  if (store && historyFeature)
    for (const data::Event &e : store->events(*historyFeature))
      for (const data::Attachment &a : store->attachments(e.uuid))
        if (q(a.uuid) == attachmentUuid) return q(e.uuid);
  return {};
}

QDialog *PhotoPins::show(const QString &attachmentUuid, std::optional<std::int64_t> historyFeature)
{
  const data::Store *store = mProject.store();
  if (!store) return nullptr;
  const QString eventUuid = eventOf(attachmentUuid, historyFeature);
  if (eventUuid.isEmpty()) return nullptr;
  for (const data::Attachment &a : store->attachments(eventUuid.toStdString())) {
    if (q(a.uuid) != attachmentUuid) continue;
    if (mDialog) mDialog->close();
    QDialog *dialog = photoDialog(a, mWindow);
    mDialog = dialog;
    dialog->show();
    emit shown(attachmentUuid);
    return dialog;
  }
  return nullptr;
}

// ---- the overlay

void PhotoPinOverlay::paint(QPainter &p, const layers::MapSettings &view)
{
  p.setRenderHint(QPainter::Antialiasing);
  const QRectF bounds(QPointF(0, 0), QSizeF(view.size));
  for (const PhotoPin &pin : mPins.pins()) {
    if (!pin.lonLat) continue;
    const QPointF at = view.toPixel(mTransform.toMap(*pin.lonLat));
    if (!bounds.adjusted(-20, -20, 20, 20).contains(at)) continue;
    // A drop pin: its tip at the photo's position.
    QPainterPath path;
    path.moveTo(at);
    path.cubicTo(at + QPointF(-4, -8), at + QPointF(-9, -13), at + QPointF(-9, -19));
    path.arcTo(QRectF(at.x() - 9, at.y() - 28, 18, 18), 180, -180);
    path.cubicTo(at + QPointF(9, -13), at + QPointF(4, -8), at);
    p.setPen(QPen(Qt::white, 1.5));
    p.setBrush(QColor(30, 110, 200));
    p.drawPath(path);
    p.setBrush(Qt::white);
    p.setPen(Qt::NoPen);
    p.drawEllipse(at + QPointF(0, -19), 3.5, 3.5);
  }
}

QString PhotoPinOverlay::pinAt(const QPointF &pixel, const layers::MapSettings &view) const
{
  const std::vector<PhotoPin> &pins = mPins.pins();
  for (auto it = pins.rbegin(); it != pins.rend(); ++it) {
    if (!it->lonLat) continue;
    const QPointF at = view.toPixel(mTransform.toMap(*it->lonLat));
    if (QRectF(at.x() - 10, at.y() - 29, 20, 30).contains(pixel)) return it->uuid;
  }
  return {};
}

bool PhotoPinOverlay::click(const QPointF &pixel, const layers::MapSettings &view)
{
  const QString uuid = pinAt(pixel, view);
  if (uuid.isEmpty()) return false;
  mOpen(uuid);
  return true;
}

} // namespace app
