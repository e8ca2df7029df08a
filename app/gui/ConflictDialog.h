#pragma once

#include "data/sync/Sync.h"

#include <QDialog>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace app {

class ConflictPreview;

// The conflicts a sync found (a feature edited in the field copy and on the server since the
// checkout): for each, look at both versions (attributes side by side and both geometries drawn
// over each other; the main map zooms to it), then keep mine or keep theirs.
class ConflictDialog : public QDialog
{
  Q_OBJECT
public:
  ConflictDialog(const QString &fieldCopy, const std::vector<data::SyncConflict> &conflicts,
                 QWidget *parent = nullptr);

  QTableWidget *table() const { return mTable; }
  // Shows both sides of the conflict in row `row`.
  void showBoth(int row);
  // After the controller resolved it: the row says so and its buttons are off.
  void markResolved(const data::SyncConflict &conflict);
  int unresolved() const;

signals:
  void resolveRequested(const data::SyncConflict &conflict, data::Resolution resolution);
  void showRequested(const data::SyncConflict &conflict);

private:
  int currentRow() const;
  void updateButtons();

  QString mPath;
  std::vector<data::SyncConflict> mConflicts;
  std::vector<bool> mResolved;
  QTableWidget *mTable = nullptr;
  QTableWidget *mCompare = nullptr;
  ConflictPreview *mPreview = nullptr;
  QLabel *mError = nullptr;
  QPushButton *mMine = nullptr;
  QPushButton *mTheirs = nullptr;
  QPushButton *mBoth = nullptr;
};

} // namespace app
