#include "app/gui/VillageTable.h"

#include "layers/ReportData.h"

#include <QHeaderView>
#include <QStandardItemModel>
#include <QTimer>

namespace app {

namespace {

constexpr int kSortRole = Qt::UserRole + 1;
constexpr int kIdRole = Qt::UserRole + 2;

QStandardItem *numberItem(const QString &text, double sortValue)
{
  auto *item = new QStandardItem(text);
  item->setData(sortValue, kSortRole);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  item->setEditable(false);
  return item;
}

} // namespace

VillageTable::VillageTable(QWidget *parent)
    : QTableView(parent)
    , mModel(new QStandardItemModel(this))
    , mDebounce(new QTimer(this))
{
  mModel->setSortRole(kSortRole);
  setModel(mModel);
  setSortingEnabled(true);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  verticalHeader()->hide();
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  // Columns fit the header and the first rows, not every one of thousands of villages.
  horizontalHeader()->setResizeContentsPrecision(100);
  mDebounce->setSingleShot(true);
  mDebounce->setInterval(200);
  connect(mDebounce, &QTimer::timeout, this, &VillageTable::recompute);
  connect(this, &QTableView::clicked, this, [this](const QModelIndex &index) {
    const QVariant id = mModel->item(index.row(), 0)->data(kIdRole);
    if (id.isValid()) emit villageActivated(id.toLongLong());
  });
}

void VillageTable::setRollup(const layers::Plan &plan, const layers::Rollup &rollup, bool chinese)
{
  const auto targets = layers::villageTargets(plan);
  const int sortColumn = horizontalHeader()->sortIndicatorSection();
  const Qt::SortOrder order = horizontalHeader()->sortIndicatorOrder();
  // Filled while detached from the view, then shown at once: thousands of rows appended to a
  // shown model cost the GUI thread a relayout each.
  auto *model = new QStandardItemModel(this);
  model->setSortRole(kSortRole);
  mColumns.assign(1, "");
  QStringList header{chinese ? QStringLiteral("村居") : QStringLiteral("Village")};
  for (std::size_t ti : targets) {
    const auto &t = plan.targets[ti];
    QString h = QString::fromStdString(layers::targetName(t, chinese));
    if (t.kind != "count") h += " (" + QString::fromStdString(layers::targetUnit(t, chinese)) + ")";
    header << h;
    mColumns.push_back(t.id);
  }
  header << (chinese ? QStringLiteral("完成比例 %") : QStringLiteral("Share done %"));
  mColumns.push_back("");
  model->setHorizontalHeaderLabels(header);
  QList<QList<QStandardItem *>> rows;
  rows.reserve(static_cast<qsizetype>(rollup.villages.size()));

  for (const auto &v : rollup.villages) {
    QList<QStandardItem *> row;
    auto *name = new QStandardItem(QString::fromStdString(v.villageName));
    name->setData(QString::fromStdString(v.villageName), kSortRole);
    name->setData(QVariant::fromValue<qint64>(v.villageId), kIdRole);
    name->setEditable(false);
    row << name;
    int done = 0, total = 0;
    for (std::size_t ti : targets) {
      const auto &t = plan.targets[ti];
      const layers::TargetProgress *p = nullptr;
      for (const auto &tp : v.targets)
        if (tp.targetId == t.id) p = &tp;
      if (!p || p->featuresTotal == 0) {
        row << numberItem(QStringLiteral("—"), -1);
        continue;
      }
      done += p->featuresDone;
      total += p->featuresTotal;
      QString text = QString::number(p->featuresDone) + "/" + QString::number(p->featuresTotal);
      if (t.kind != "count")
        text += " (" + QString::fromStdString(layers::formatNumber(p->value, layers::valueDecimals(t))) + ")";
      row << numberItem(text, static_cast<double>(p->featuresDone) / p->featuresTotal);
    }
    const double share = total > 0 ? 100.0 * done / total : 0;
    row << numberItem(QString::number(share, 'f', 1), share);
    rows.push_back(row);
  }
  model->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < rows.size(); ++r)
    for (int c = 0; c < rows[r].size(); ++c)
      model->setItem(r, c, rows[r][c]);
  QItemSelectionModel *oldSelection = selectionModel();
  QStandardItemModel *old = mModel;
  mModel = model;
  setModel(mModel);
  delete oldSelection;
  delete old;
  if (sortColumn >= 0 && sortColumn < mModel->columnCount()) sortByColumn(sortColumn, order);
  mRollup = rollup;
  emit updated();
}

void VillageTable::clear()
{
  mStore = nullptr;
  mDebounce->stop();
  mModel->clear();
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

std::string VillageTable::columnTarget(int column) const
{
  return column >= 0 && static_cast<std::size_t>(column) < mColumns.size()
             ? mColumns[static_cast<std::size_t>(column)]
             : std::string();
}

} // namespace app
