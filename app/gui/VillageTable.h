#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QTableView>

#include <vector>

class QTimer;

namespace app {

// The village table's rows as plain values (a QStandardItemModel of thousands of rows costs the GUI
// thread seconds: its items look themselves up linearly once sorted). Qt::UserRole + 1 is the sort
// value of a cell, Qt::UserRole + 2 the village id (first column).
class VillageTableModel : public QAbstractTableModel
{
  Q_OBJECT
public:
  struct Cell
  {
    QString text;
    double sort = 0;
  };
  struct Row
  {
    qint64 villageId = 0;
    QString name;
    std::vector<Cell> cells; // the columns after the name
  };
  using QAbstractTableModel::QAbstractTableModel;

  // Returns the rows it showed before (for the caller to free, e.g. on a worker).
  std::vector<Row> reset(QStringList header, std::vector<Row> rows);
  // The order sort() puts rows in.
  static void sortRows(std::vector<Row> &rows, int column, Qt::SortOrder order);
  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
  const QStringList &header() const { return mHeader; }

private:
  QStringList mHeader;
  std::vector<Row> mRows;
};

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
  // The same in two halves: the cells' texts (thousands of villages: tens of ms) made on any thread,
  // then shown on the GUI thread.
  struct Prepared
  {
    QStringList header;
    std::vector<std::string> columns;
    std::vector<VillageTableModel::Row> rows;
    layers::Rollup rollup;
    int sortColumn = -1; // the rows are sorted by this column already (-1: not sorted)
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    QStringList longest; // per column, its longest text: the column's width
  };
  // The rows sorted as the table is (sortColumn, order: see sortColumn()), so showing them costs
  // no sort on the GUI thread.
  static Prepared prepare(const layers::Plan &plan, const layers::Rollup &rollup, bool chinese,
                          int sortColumn = -1, Qt::SortOrder order = Qt::AscendingOrder);
  // Leaves the previous roll-up and rows in `prepared` (for the caller to free, e.g. on a worker).
  void showPrepared(Prepared &prepared);
  // The column and order the table is sorted by (-1: none).
  int sortColumn() const;
  Qt::SortOrder sortOrder() const;
  // Or let the table compute it: `store` must stay open while shown. setAsOf recomputes after a
  // short pause, so dragging the time slider does not queue a roll-up per step.
  void setProject(const data::Store &store, const layers::Plan &plan, bool chinese = true);
  // Forgets the store (before it closes) and empties the table.
  void clear();
  // The roll-up shown (by village).
  const layers::Rollup &rollup() const { return mRollup; }
  VillageTableModel *tableModel() const { return mModel; }
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
  void fitColumns(const QStringList &header, const QStringList &longest);

  VillageTableModel *mModel = nullptr;
  QTimer *mDebounce = nullptr;
  const data::Store *mStore = nullptr;
  layers::Plan mPlan;
  bool mZh = true;
  QDate mAsOf;
  std::vector<std::string> mColumns;
  layers::Rollup mRollup;
  std::vector<int> mFitted; // the widths fitColumns gave (a column the user resized keeps its own)
};

} // namespace app
