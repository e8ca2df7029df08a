#pragma once

#include "data/Store.h"
#include "layers/Plan.h"
#include "layers/Rollup.h"

#include <QDate>
#include <QTableView>

class QStandardItemModel;
class QTimer;

namespace app {

// Villages × located targets: features done / planned in each village (spatial join of the
// roll-up), and the village's overall share done. Sortable by any column (numbers sort as numbers,
// "done/total" cells by their share). Clicking a row emits the village's feature id.
class VillageTable : public QTableView
{
  Q_OBJECT
public:
  explicit VillageTable(QWidget *parent = nullptr);

  // Shows a roll-up computed with byVillage = true.
  void setRollup(const layers::Plan &plan, const layers::Rollup &rollup, bool chinese = true);
  // Or let the table compute it: `store` must stay open while shown. setAsOf recomputes after a
  // short pause, so dragging the time slider does not queue a roll-up per step.
  void setProject(const data::Store &store, const layers::Plan &plan, bool chinese = true);
  // Forgets the store (before it closes) and empties the table.
  void clear();
  // The roll-up shown (by village).
  const layers::Rollup &rollup() const { return mRollup; }
  QStandardItemModel *tableModel() const { return mModel; }
  // Column of each located target in the table ("" for the village and share columns).
  std::string columnTarget(int column) const;

public slots:
  void setAsOf(const QDate &date);
  // Recomputes now (after new events).
  void refresh();

signals:
  void villageActivated(qint64 villageId);
  // The figures changed (a new roll-up is shown).
  void updated();

private:
  void recompute();

  QStandardItemModel *mModel = nullptr;
  QTimer *mDebounce = nullptr;
  const data::Store *mStore = nullptr;
  layers::Plan mPlan;
  bool mZh = true;
  QDate mAsOf;
  std::vector<std::string> mColumns;
  layers::Rollup mRollup;
};

} // namespace app
