#pragma once

#include "layers/edit/EditCommands.h"
#include "layers/edit/Evidence.h"

#include <QDate>
#include <QWidget>

#include <optional>

class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QUndoStack;

namespace app {

// The marking dock's content: the selected feature and its state, buttons that move its status
// forward (with date and note), a correction that says why, a river stretch typed as chainages or
// set from snapped map clicks (its length shown live), photos to attach with their warnings. Every
// mark goes on the undo stack as a layers::MarkCommand.
class MarkingPanel : public QWidget
{
  Q_OBJECT
public:
  MarkingPanel(layers::EditContext &context, QUndoStack &stack, QWidget *parent = nullptr);

  // A status as the user reads it ("completed").
  static QString statusText(data::Status s);

  void setFeature(std::optional<std::int64_t> featureId);
  std::optional<std::int64_t> featureId() const
  {
    return mFeature ? std::optional(mFeature->id) : std::nullopt;
  }
  void setEvidenceOptions(const layers::EvidenceOptions &options);
  void setDate(const QDate &date);
  void setNote(const QString &note);

  double stretchFrom() const;
  double stretchTo() const;
  QString stretchLengthText() const;
  QStringList warnings() const { return mWarnings; }
  int photoCount() const { return static_cast<int>(mPhotos.size()); }
  // Whether the user may mark the selected feature at all (role, tracked layer).
  bool mayMark() const;
  // Whether the status button for `status` is enabled (forward moves only).
  bool canMark(data::Status status) const;

public slots:
  // From a map click snapped to the selected line.
  void setStretchStart(double chainageM);
  void setStretchEnd(double chainageM);
  // Reads and checks a photo; a bad file is reported in the panel and not added.
  bool addPhoto(const QString &path);
  void clearPhotos();
  void markStatus(data::Status status);
  void markStretch();
  // A correction: sets the status back (or forward) with the note saying why.
  void correct(data::Status status);
  // Reloads the feature (connect to EditContext::featuresChanged).
  void reload();

signals:
  // The stretch being entered, for the map to draw before it is marked.
  void stretchPreviewChanged(qint64 featureId, double fromM, double toM);
  void photosChanged();

private:
  void buildUi();
  QGroupBox *buildStretchBox(); // the chainage form of a river
  QGroupBox *buildPhotoBox();   // the photos for the next mark
  void updateState();
  void updateWarnings();
  data::Event draftEvent(data::EventKind kind, data::Status status) const;
  void push(data::Event e);
  void showMessage(const QString &text, bool error);

  layers::EditContext &mCtx;
  QUndoStack &mStack;
  layers::EvidenceOptions mEvidence;
  std::optional<data::Feature> mFeature;
  std::vector<data::Attachment> mPhotos;
  QStringList mWarnings;

  QLabel *mTitle = nullptr;
  QLabel *mState = nullptr;
  QDateEdit *mDate = nullptr;
  QLineEdit *mNote = nullptr;
  QPushButton *mInProgress = nullptr;
  QPushButton *mCompleted = nullptr;
  QPushButton *mAccepted = nullptr;
  QComboBox *mCorrectTo = nullptr;
  QPushButton *mCorrect = nullptr;
  QGroupBox *mStretchBox = nullptr;
  QDoubleSpinBox *mFrom = nullptr;
  QDoubleSpinBox *mTo = nullptr;
  QLabel *mStretchLength = nullptr;
  QPushButton *mMarkStretch = nullptr;
  QListWidget *mPhotoList = nullptr;
  QPushButton *mAddPhotos = nullptr;
  QLabel *mWarningLabel = nullptr;
  QLabel *mMessage = nullptr;
  int mMessageIndex = 0; // the stack index after the mark the message names, 0 = none
};

} // namespace app
