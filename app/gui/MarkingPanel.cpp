#include "app/gui/MarkingPanel.h"

#include "app/gui/FileDialogs.h"
#include "data/store/Progress.h"
#include "data/store/Store.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace app {

namespace {

// The first stretch of a line not covered by its done stretches; the whole line when all is done.
gis::Interval firstNotDone(const std::vector<data::Event> &events, double length)
{
  const data::FeatureProgress progress = data::deriveProgress(events, length);
  double from = 0;
  for (const gis::Interval &done : progress.done.intervals()) {
    // Gaps within the coverage tolerance are rounding, not work left.
    if (done.from - from > data::kCoverageTolerance) return {from, done.from};
    from = std::max(from, done.to);
  }
  if (length - from > data::kCoverageTolerance) return {from, length};
  return {0, length};
}

} // namespace

QString MarkingPanel::statusText(data::Status s)
{
  switch (s) {
  case data::Status::Planned:
    return tr("planned");
  case data::Status::InProgress:
    return tr("in progress");
  case data::Status::Completed:
    return tr("completed");
  case data::Status::Accepted:
    return tr("accepted");
  }
  return {};
}

MarkingPanel::MarkingPanel(layers::EditContext &context, QUndoStack &stack, QWidget *parent)
    : QWidget(parent)
    , mCtx(context)
    , mStack(stack)
{
  buildUi();
  connect(&mCtx, &layers::EditContext::featuresChanged, this, &MarkingPanel::reload);
  connect(&mCtx, &layers::EditContext::commandFailed, this,
          [this](const QString &m) { showMessage(m, true); });
  // The message names the last mark: once it is undone it no longer holds.
  connect(&mStack, &QUndoStack::indexChanged, this, [this](int index) {
    if (mMessageIndex > 0 && index < mMessageIndex) {
      showMessage({}, false);
      mMessageIndex = 0;
    }
  });
  updateState();
}

void MarkingPanel::buildUi()
{
  auto *layout = new QVBoxLayout(this);
  mTitle = new QLabel(tr("Select a site, plot or river on the map"), this);
  mTitle->setWordWrap(true);
  QFont bold = mTitle->font();
  bold.setBold(true);
  mTitle->setFont(bold);
  mState = new QLabel(this);
  mState->setWordWrap(true);
  layout->addWidget(mTitle);
  layout->addWidget(mState);

  auto *form = new QFormLayout;
  mDate = new QDateEdit(QDate::currentDate(), this);
  mDate->setCalendarPopup(true);
  mDate->setDisplayFormat("yyyy-MM-dd");
  mNote = new QLineEdit(this);
  mNote->setPlaceholderText(tr("what was done; why, for a correction"));
  form->addRow(tr("Date"), mDate);
  form->addRow(tr("Note"), mNote);
  layout->addLayout(form);

  auto *buttons = new QHBoxLayout;
  mInProgress = new QPushButton(tr("In progress"), this);
  mCompleted = new QPushButton(tr("Completed"), this);
  mAccepted = new QPushButton(tr("Accepted"), this);
  for (auto *b : {mInProgress, mCompleted, mAccepted})
    buttons->addWidget(b);
  layout->addLayout(buttons);
  connect(mInProgress, &QPushButton::clicked, this, [this] { markStatus(data::Status::InProgress); });
  connect(mCompleted, &QPushButton::clicked, this, [this] { markStatus(data::Status::Completed); });
  connect(mAccepted, &QPushButton::clicked, this, [this] { markStatus(data::Status::Accepted); });

  auto *correction = new QHBoxLayout;
  mCorrectTo = new QComboBox(this);
  for (auto s :
       {data::Status::Planned, data::Status::InProgress, data::Status::Completed, data::Status::Accepted})
    mCorrectTo->addItem(statusText(s), static_cast<int>(s));
  mCorrect = new QPushButton(tr("Correct to"), this);
  mCorrect->setToolTip(tr("A mistaken mark is corrected by a new event; the note must say why"));
  correction->addWidget(mCorrect);
  correction->addWidget(mCorrectTo, 1);
  layout->addLayout(correction);
  connect(mCorrect, &QPushButton::clicked, this,
          [this] { correct(static_cast<data::Status>(mCorrectTo->currentData().toInt())); });

  layout->addWidget(buildStretchBox());
  layout->addWidget(buildPhotoBox());

  mWarningLabel = new QLabel(this);
  mWarningLabel->setWordWrap(true);
  mWarningLabel->setStyleSheet("color: #b35900");
  mMessage = new QLabel(this);
  mMessage->setWordWrap(true);
  layout->addWidget(mWarningLabel);
  layout->addWidget(mMessage);
  layout->addStretch(1);
  connect(mDate, &QDateEdit::dateChanged, this, &MarkingPanel::updateWarnings);
}

QGroupBox *MarkingPanel::buildStretchBox()
{
  mStretchBox = new QGroupBox(tr("Stretch done (chainage along the river)"), this);
  auto *stretch = new QFormLayout(mStretchBox);
  mFrom = new QDoubleSpinBox(mStretchBox);
  mTo = new QDoubleSpinBox(mStretchBox);
  for (auto *s : {mFrom, mTo}) {
    s->setDecimals(1);
    s->setSuffix(" m");
    s->setSingleStep(10);
    connect(s, &QDoubleSpinBox::valueChanged, this, [this] {
      updateState();
      updateWarnings();
      if (mFeature) emit stretchPreviewChanged(mFeature->id, stretchFrom(), stretchTo());
    });
  }
  mStretchLength = new QLabel(mStretchBox);
  mMarkStretch = new QPushButton(tr("Mark stretch done"), mStretchBox);
  stretch->addRow(tr("From"), mFrom);
  stretch->addRow(tr("To"), mTo);
  stretch->addRow(tr("Length"), mStretchLength);
  stretch->addRow(mMarkStretch);
  connect(mMarkStretch, &QPushButton::clicked, this, &MarkingPanel::markStretch);
  return mStretchBox;
}

QGroupBox *MarkingPanel::buildPhotoBox()
{
  auto *photos = new QGroupBox(tr("Photos for the next mark"), this);
  auto *photoLayout = new QVBoxLayout(photos);
  mPhotoList = new QListWidget(photos);
  mPhotoList->setViewMode(QListView::IconMode);
  mPhotoList->setIconSize(QSize(80, 80));
  mPhotoList->setMaximumHeight(120);
  mAddPhotos = new QPushButton(tr("Attach photos…"), photos);
  photoLayout->addWidget(mPhotoList);
  photoLayout->addWidget(mAddPhotos);
  connect(mAddPhotos, &QPushButton::clicked, this, [this] {
    const QStringList chosen =
        files::openFiles(this, tr("Attach photos"), QString(), tr("JPEG photos (*.jpg *.jpeg *.JPG *.JPEG)"));
    for (const auto &f : chosen)
      addPhoto(f);
  });
  return photos;
}

void MarkingPanel::setFeature(std::optional<std::int64_t> featureId)
{
  mFeature.reset();
  if (featureId) mFeature = mCtx.store().feature(mCtx.currentId(*featureId));
  const bool line = mFeature && mFeature->geometry.type() == gis::Geometry::Type::LineString;
  const double length = line ? mFeature->lengthM : 0;
  for (auto *s : {mFrom, mTo}) {
    const QSignalBlocker block(s);
    s->setRange(0, length);
  }
  {
    // The first part not yet done, so a mark cannot count again what is done already.
    const gis::Interval todo =
        line ? firstNotDone(mCtx.store().events(mFeature->id), length) : gis::Interval{0, 0};
    const QSignalBlocker blockFrom(mFrom), blockTo(mTo);
    mFrom->setValue(todo.from);
    mTo->setValue(todo.to);
  }
  showMessage({}, false);
  updateState();
  updateWarnings();
}

void MarkingPanel::reload()
{
  if (!mFeature) return;
  const auto fresh = mCtx.store().feature(mCtx.currentId(mFeature->id));
  if (!fresh) {
    setFeature(std::nullopt);
    return;
  }
  mFeature = fresh;
  updateState();
  updateWarnings();
}

void MarkingPanel::setEvidenceOptions(const layers::EvidenceOptions &options)
{
  mEvidence = options;
  updateWarnings();
}

void MarkingPanel::setDate(const QDate &date)
{
  mDate->setDate(date);
}
void MarkingPanel::setNote(const QString &note)
{
  mNote->setText(note);
}
double MarkingPanel::stretchFrom() const
{
  return std::min(mFrom->value(), mTo->value());
}
double MarkingPanel::stretchTo() const
{
  return std::max(mFrom->value(), mTo->value());
}
QString MarkingPanel::stretchLengthText() const
{
  return mStretchLength->text();
}

void MarkingPanel::setStretchStart(double chainageM)
{
  mFrom->setValue(chainageM);
}
void MarkingPanel::setStretchEnd(double chainageM)
{
  mTo->setValue(chainageM);
}

bool MarkingPanel::mayMark() const
{
  if (!mFeature) return false;
  const auto user = mCtx.store().user(mCtx.user());
  const auto layer = mCtx.store().layer(mFeature->layerId);
  return user && user->role != data::Role::Leader && layer && layer->tracked;
}

bool MarkingPanel::canMark(data::Status status) const
{
  return mayMark() && static_cast<int>(status) > static_cast<int>(mFeature->status);
}

void MarkingPanel::updateState()
{
  const bool line = mFeature && mFeature->geometry.type() == gis::Geometry::Type::LineString;
  if (!mFeature) {
    mTitle->setText(tr("Select a site, plot or river on the map"));
    mState->clear();
  } else {
    QString title = QString::fromStdString(mFeature->name.empty() ? mFeature->code : mFeature->name);
    if (!mFeature->code.empty() && !mFeature->name.empty())
      title += " (" + QString::fromStdString(mFeature->code) + ")";
    mTitle->setText(title);
    QString state = tr("Status: %1").arg(statusText(mFeature->status));
    if (line)
      state += tr("; done %1 of %2 m").arg(mFeature->doneM, 0, 'f', 1).arg(mFeature->lengthM, 0, 'f', 1);
    mState->setText(state);
  }
  mInProgress->setEnabled(canMark(data::Status::InProgress));
  mCompleted->setEnabled(canMark(data::Status::Completed));
  mAccepted->setEnabled(canMark(data::Status::Accepted));
  // Any status may be the corrected one; the note requirement is checked when it is used.
  const bool mayWrite = mayMark();
  mCorrect->setEnabled(mayWrite);
  mCorrectTo->setEnabled(mayWrite);
  mStretchBox->setVisible(line);
  const double length = stretchTo() - stretchFrom();
  mStretchLength->setText(tr("%1 m").arg(length, 0, 'f', 1));
  mMarkStretch->setEnabled(line && length > 0 && mayWrite);
  mAddPhotos->setEnabled(mayWrite);
}

data::Event MarkingPanel::draftEvent(data::EventKind kind, data::Status status) const
{
  data::Event e;
  e.featureId = mFeature ? mFeature->id : 0;
  e.kind = kind;
  e.status = status;
  e.date = mDate->date().toString(Qt::ISODate).toStdString();
  e.user = mCtx.user();
  e.note = mNote->text().trimmed().toStdString();
  if (kind == data::EventKind::Stretch) {
    e.fromM = stretchFrom();
    e.toM = stretchTo();
  }
  return e;
}

void MarkingPanel::updateWarnings()
{
  mWarnings.clear();
  if (mFeature) {
    const bool stretch = mStretchBox->isVisible() && stretchTo() > stretchFrom() &&
                         (stretchFrom() > 0 || stretchTo() < mFeature->lengthM);
    const data::Event e =
        draftEvent(stretch ? data::EventKind::Stretch : data::EventKind::Status, mFeature->status);
    for (const auto &p : mPhotos)
      for (const auto &w : layers::photoWarnings(p, *mFeature, e, mEvidence))
        mWarnings << QString::fromStdString(w);
  }
  mWarningLabel->setText(mWarnings.join("\n"));
}

bool MarkingPanel::addPhoto(const QString &path)
{
  try {
    data::Attachment photo = layers::loadPhoto(path.toStdString(), mEvidence);
    QPixmap thumb;
    thumb.loadFromData(reinterpret_cast<const uchar *>(photo.thumbnail.data()),
                       static_cast<uint>(photo.thumbnail.size()));
    auto *item = new QListWidgetItem(QIcon(thumb), QString::fromStdString(photo.fileName), mPhotoList);
    item->setToolTip(path);
    mPhotos.push_back(std::move(photo));
  } catch (const std::exception &e) {
    showMessage(QString::fromUtf8(e.what()), true);
    return false;
  }
  updateWarnings();
  emit photosChanged();
  return true;
}

void MarkingPanel::clearPhotos()
{
  mPhotos.clear();
  mPhotoList->clear();
  updateWarnings();
  emit photosChanged();
}

void MarkingPanel::push(data::Event e)
{
  const int before = mStack.index();
  mStack.push(new layers::MarkCommand(mCtx, std::move(e), mPhotos));
  // A refused mark is dropped by the stack; keep the entered photos and note for another try.
  if (mStack.index() == before) return;
  showMessage(mStack.text(mStack.index() - 1), false);
  mMessageIndex = mStack.index();
  mNote->clear();
  clearPhotos();
}

void MarkingPanel::markStatus(data::Status status)
{
  if (!canMark(status)) return;
  push(draftEvent(data::EventKind::Status, status));
}

void MarkingPanel::markStretch()
{
  if (!mayMark() || !(stretchTo() > stretchFrom())) return;
  push(draftEvent(data::EventKind::Stretch, data::Status::Completed));
}

void MarkingPanel::correct(data::Status status)
{
  if (!mayMark()) return;
  if (mNote->text().trimmed().isEmpty()) {
    showMessage(tr("A correction needs a note saying why"), true);
    return;
  }
  push(draftEvent(data::EventKind::Correction, status));
}

void MarkingPanel::showMessage(const QString &text, bool error)
{
  mMessage->setStyleSheet(error ? "color: #b00020" : "");
  mMessage->setText(text);
}

} // namespace app
