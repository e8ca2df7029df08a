#pragma once

#include "data/store/Store.h"

#include <QWidget>

#include <optional>

class QTreeWidget;
class QLabel;

namespace app {

// The history of one feature: every event in the order it applies, with who marked it, when it was
// done and recorded, what it changed (status before → after, metres done), its note, whether a later
// event retracted it, and the thumbnails of its photos.
class HistoryView : public QWidget
{
  Q_OBJECT
public:
  explicit HistoryView(const data::Store &store, QWidget *parent = nullptr);
  void setFeature(std::optional<std::int64_t> featureId);
  std::optional<std::int64_t> featureId() const { return mFeatureId; }
  QTreeWidget *tree() const { return mTree; }

public slots:
  void reload();

signals:
  // A photo row was double-clicked: the attachment's uuid, for the caller to show it full size.
  void photoActivated(const QString &attachmentUuid);

private:
  const data::Store &mStore;
  std::optional<std::int64_t> mFeatureId;
  QLabel *mTitle;
  QTreeWidget *mTree;
};

} // namespace app
