#include "app/gui/VillageTable.h"

#include "layers/report/ReportData.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QStyle>
#include <QTimer>

#include <algorithm>
#include <map>

namespace app {

namespace {

constexpr int kSortRole = Qt::UserRole + 1;
constexpr int kIdRole = Qt::UserRole + 2;

} // namespace

VillageTable::VillageTable(QWidget *parent)
    : QTableView(parent)
    , mModel(new VillageTableModel(this))
    , mDebounce(new QTimer(this))
{
  setModel(mModel);
  setSortingEnabled(true);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  verticalHeader()->hide();
  // Columns fit the header and the longest text of the column (fitColumns): resizing to contents
  // measured a hundred rows of every column at each update, 5-10 ms of the GUI thread.
  horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  mDebounce->setSingleShot(true);
  mDebounce->setInterval(200);
  connect(mDebounce, &QTimer::timeout, this, &VillageTable::recompute);
  connect(this, &QTableView::clicked, this, [this](const QModelIndex &index) {
    const QVariant id = mModel->index(index.row(), 0).data(kIdRole);
    if (id.isValid()) emit villageActivated(id.toLongLong());
  });
}

void VillageTable::setRollup(const layers::Plan &plan, const layers::Rollup &rollup, bool chinese)
{
  Prepared prepared = prepare(plan, rollup, chinese);
  showPrepared(prepared);
}

VillageTable::Prepared VillageTable::prepare(const layers::Plan &plan, const layers::Rollup &rollup,
                                             bool chinese, int sortColumn, Qt::SortOrder order)
{
  const auto targets = layers::villageTargets(plan);
  std::vector<std::string> columns(1, "");
  QStringList header{chinese ? QStringLiteral("村居") : QStringLiteral("Village")};
  for (std::size_t ti : targets) {
    const auto &t = plan.targets[ti];
    QString h = QString::fromStdString(layers::targetName(t, chinese));
    if (t.kind != data::TargetKind::Count)
      h += " (" + QString::fromStdString(layers::targetUnit(t, chinese)) + ")";
    header << h;
    columns.push_back(t.id);
  }
  header << (chinese ? QStringLiteral("完成比例 %") : QStringLiteral("Share done %"));
  columns.push_back("");

  // Every cell after the name: text and sort value.
  using Cell = VillageTableModel::Cell;
  std::vector<VillageTableModel::Row> rows;
  rows.reserve(rollup.villages.size());
  for (const auto &v : rollup.villages) {
    std::vector<Cell> row;
    int done = 0, total = 0;
    for (std::size_t ti : targets) {
      const auto &t = plan.targets[ti];
      const layers::TargetProgress *p = nullptr;
      for (const auto &tp : v.targets)
        if (tp.targetId == t.id) p = &tp;
      if (!p || p->featuresTotal == 0) {
        row.push_back({QStringLiteral("—"), -1});
        continue;
      }
      done += p->featuresDone;
      total += p->featuresTotal;
      QString text = QString::number(p->featuresDone) + "/" + QString::number(p->featuresTotal);
      if (t.kind != data::TargetKind::Count)
        text += " (" + QString::fromStdString(layers::formatNumber(p->value, layers::valueDecimals(t))) + ")";
      row.push_back({text, static_cast<double>(p->featuresDone) / p->featuresTotal});
    }
    const double share = total > 0 ? 100.0 * done / total : 0;
    row.push_back({QString::number(share, 'f', 1), share});
    rows.push_back({v.villageId, QString::fromStdString(v.villageName), std::move(row)});
  }
  const bool sort = sortColumn >= 0 && sortColumn < static_cast<int>(header.size());
  if (sort) VillageTableModel::sortRows(rows, sortColumn, order);
  QStringList longest;
  for (qsizetype c = 0; c < header.size(); ++c)
    longest << QString();
  for (const auto &r : rows) {
    if (r.name.size() > longest[0].size()) longest[0] = r.name;
    for (std::size_t c = 0; c < r.cells.size() && c + 1 < static_cast<std::size_t>(longest.size()); ++c)
      if (r.cells[c].text.size() > longest[static_cast<qsizetype>(c + 1)].size())
        longest[static_cast<qsizetype>(c + 1)] = r.cells[c].text;
  }
  return {std::move(header), std::move(columns), std::move(rows), rollup, sort ? sortColumn : -1, order,
          std::move(longest)};
}

void VillageTable::fitColumns(const QStringList &header, const QStringList &longest)
{
  QHeaderView *h = horizontalHeader();
  const QFontMetrics cells(font()), titles(h->font());
  const int cellPad = 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 8;
  const int titlePad = 2 * style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, h) +
                       style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, h) + 8;
  mFitted.resize(static_cast<std::size_t>(header.size()), -1);
  for (int c = 0; c < header.size() && c < h->count(); ++c) {
    const int width = std::max(titles.horizontalAdvance(header[c]) + titlePad,
                               cells.horizontalAdvance(longest.value(c)) + cellPad);
    int &fitted = mFitted[static_cast<std::size_t>(c)];
    if (fitted >= 0 && h->sectionSize(c) != fitted) continue; // the user's width
    if (h->sectionSize(c) != width) h->resizeSection(c, width);
    fitted = width;
  }
}

int VillageTable::sortColumn() const
{
  return isSortingEnabled() ? horizontalHeader()->sortIndicatorSection() : -1;
}

Qt::SortOrder VillageTable::sortOrder() const
{
  return horizontalHeader()->sortIndicatorOrder();
}

void VillageTable::showPrepared(Prepared &prepared)
{
  const int column = sortColumn();
  const Qt::SortOrder order = sortOrder();
  const QStringList header = prepared.header;
  if (header != mModel->header()) mFitted.clear(); // new columns: fitted afresh
  prepared.rows = mModel->reset(std::move(prepared.header), std::move(prepared.rows));
  fitColumns(header, prepared.longest);
  mColumns = std::move(prepared.columns);
  // Rows sorted by another column than the table's now (the user clicked a header meanwhile).
  if (column >= 0 && column < mModel->columnCount() &&
      (prepared.sortColumn != column || prepared.sortOrder != order))
    sortByColumn(column, order);
  std::swap(mRollup, prepared.rollup);
  emit updated();
}

void VillageTable::clear()
{
  mStore = nullptr;
  mDebounce->stop();
  mModel->reset({}, {});
  mFitted.clear();
  mColumns.clear();
  mRollup = {};
}

void VillageTable::refresh()
{
  mDebounce->stop();
  recompute();
}

void VillageTable::setProject(const data::Store &store, const layers::Plan &plan, bool chinese)
{
  mStore = &store;
  mPlan = plan;
  mZh = chinese;
  if (!mAsOf.isValid()) mAsOf = QDate::currentDate();
  recompute();
}

void VillageTable::setAsOf(const QDate &date)
{
  if (!date.isValid() || date == mAsOf) return;
  mAsOf = date;
  if (mStore) mDebounce->start();
}

void VillageTable::recompute()
{
  if (!mStore) return;
  setRollup(mPlan, layers::computeRollup(*mStore, mPlan, mAsOf.toString(Qt::ISODate).toStdString(), true),
            mZh);
}

std::vector<VillageTableModel::Row> VillageTableModel::reset(QStringList header, std::vector<Row> rows)
{
  beginResetModel();
  mHeader = std::move(header);
  std::swap(mRows, rows);
  endResetModel();
  return rows;
}

void VillageTableModel::sortRows(std::vector<Row> &rows, int column, Qt::SortOrder order)
{
  auto less = [column](const Row &a, const Row &b) {
    if (column == 0) return a.name < b.name;
    const auto c = static_cast<std::size_t>(column - 1);
    return a.cells[c].sort < b.cells[c].sort;
  };
  if (order == Qt::AscendingOrder)
    std::stable_sort(rows.begin(), rows.end(), less);
  else
    std::stable_sort(rows.begin(), rows.end(), [&less](const Row &a, const Row &b) { return less(b, a); });
}

int VillageTableModel::rowCount(const QModelIndex &parent) const
{
  return parent.isValid() ? 0 : static_cast<int>(mRows.size());
}

int VillageTableModel::columnCount(const QModelIndex &parent) const
{
  return parent.isValid() ? 0 : static_cast<int>(mHeader.size());
}

QVariant VillageTableModel::data(const QModelIndex &index, int role) const
{
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Row &r = mRows[static_cast<std::size_t>(index.row())];
  if (index.column() == 0) {
    if (role == Qt::DisplayRole || role == kSortRole) return r.name;
    if (role == kIdRole) return QVariant::fromValue<qint64>(r.villageId);
    return {};
  }
  const auto c = static_cast<std::size_t>(index.column() - 1);
  if (c >= r.cells.size()) return {};
  if (role == Qt::DisplayRole) return r.cells[c].text;
  if (role == kSortRole) return r.cells[c].sort;
  if (role == Qt::TextAlignmentRole) return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant VillageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
  if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < mHeader.size())
    return mHeader[section];
  return QAbstractTableModel::headerData(section, orientation, role);
}

void VillageTableModel::sort(int column, Qt::SortOrder order)
{
  if (column < 0 || column >= columnCount()) return;
  emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
  const QModelIndexList before = persistentIndexList();
  std::vector<qint64> ids;
  for (const QModelIndex &i : before)
    ids.push_back(mRows[static_cast<std::size_t>(i.row())].villageId);
  sortRows(mRows, column, order);
  std::map<qint64, int> rowOf;
  for (std::size_t r = 0; r < mRows.size(); ++r)
    rowOf[mRows[r].villageId] = static_cast<int>(r);
  QModelIndexList after;
  for (std::size_t k = 0; k < ids.size(); ++k)
    after << index(rowOf[ids[k]], before[static_cast<qsizetype>(k)].column());
  changePersistentIndexList(before, after);
  emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

std::string VillageTable::columnTarget(int column) const
{
  return column >= 0 && static_cast<std::size_t>(column) < mColumns.size()
             ? mColumns[static_cast<std::size_t>(column)]
             : std::string();
}

} // namespace app
