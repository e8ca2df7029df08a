#include "app/gui/ConflictDialog.h"

#include "data/store/Store.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace app {

// Both versions of a feature's geometry drawn over each other: mine in orange, theirs in blue
// (Okabe–Ito), scaled to fit.
class ConflictPreview : public QWidget
{
public:
  explicit ConflictPreview(QWidget *parent)
      : QWidget(parent)
  {
    setMinimumSize(220, 180);
  }
  void setSides(const gis::Geometry &mine, const gis::Geometry &theirs)
  {
    mMine = mine;
    mTheirs = theirs;
    update();
  }

protected:
  void paintEvent(QPaintEvent *) override
  {
    QPainter p(this);
    p.fillRect(rect(), QColor(250, 250, 247));
    p.setRenderHint(QPainter::Antialiasing);
    gis::Envelope e = mMine.envelope();
    e.expand(mTheirs.envelope());
    if (e.isNull()) return;
    const double w = std::max(e.maxX - e.minX, 1e-6), h = std::max(e.maxY - e.minY, 1e-6);
    const QRectF area = QRectF(rect()).adjusted(12, 12, -12, -28);
    const double k = std::min(area.width() / w, area.height() / h);
    auto px = [&](const gis::Point &pt) {
      return QPointF(area.center().x() + (pt.x - (e.minX + e.maxX) / 2) * k,
                     area.center().y() - (pt.y - (e.minY + e.maxY) / 2) * k);
    };
    auto draw = [&](const gis::Geometry &g, const QColor &c, Qt::PenStyle style) {
      p.setPen(QPen(c, 2.5, style, Qt::RoundCap, Qt::RoundJoin));
      p.setBrush(Qt::NoBrush);
      for (const gis::Geometry::Part &part : g.parts())
        for (const auto &path : part) {
          QPolygonF line;
          for (const gis::Point &pt : path)
            line << px(pt);
          if (line.size() == 1)
            p.drawEllipse(line.front(), 5, 5);
          else if (!line.isEmpty())
            p.drawPolyline(line);
        }
    };
    draw(mTheirs, QColor(0x00, 0x72, 0xB2), Qt::SolidLine);
    draw(mMine, QColor(0xE6, 0x9F, 0x00), Qt::DashLine);
    p.setPen(QColor(0xE6, 0x9F, 0x00));
    p.drawText(QPointF(12, height() - 10), ConflictDialog::tr("mine (field copy)"));
    p.setPen(QColor(0x00, 0x72, 0xB2));
    p.drawText(QPointF(width() / 2.0, height() - 10), ConflictDialog::tr("theirs (server)"));
  }

private:
  gis::Geometry mMine, mTheirs;
};

ConflictDialog::ConflictDialog(const QString &fieldCopy, const std::vector<data::SyncConflict> &conflicts,
                               QWidget *parent)
    : QDialog(parent)
    , mPath(fieldCopy)
    , mConflicts(conflicts)
    , mResolved(conflicts.size(), false)
{
  setWindowTitle(tr("Synchronisation conflicts"));
  resize(760, 520);
  auto *layout = new QVBoxLayout(this);
  auto *intro = new QLabel(tr("These features were edited in this copy and on the server since the copy was "
                              "made. Nothing was overwritten: choose which version to keep."),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);

  mTable = new QTableWidget(static_cast<int>(conflicts.size()), 4, this);
  mTable->setObjectName(QStringLiteral("conflicts"));
  mTable->setHorizontalHeaderLabels({tr("Code"), tr("Name"), tr("Conflict"), tr("State")});
  mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  mTable->setSelectionMode(QAbstractItemView::SingleSelection);
  mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mTable->verticalHeader()->hide();
  mTable->horizontalHeader()->setStretchLastSection(true);
  for (int r = 0; r < mTable->rowCount(); ++r) {
    const data::SyncConflict &c = mConflicts[static_cast<std::size_t>(r)];
    mTable->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(c.code)));
    mTable->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(c.name)));
    // An edit met a newer server version; or a status recorded offline would take the feature
    // back from what the server has (not pushed; the store's reason in full as the tooltip).
    auto *what = new QTableWidgetItem(
        c.eventUuid.empty() ? tr("edited on both sides (copy from version %1, server now %2)")
                                  .arg(c.baseVersion)
                                  .arg(c.serverVersion)
                            : tr("status going back, not sent: %1").arg(QString::fromStdString(c.reason)));
    what->setToolTip(QString::fromStdString(c.reason));
    mTable->setItem(r, 2, what);
    mTable->setItem(r, 3, new QTableWidgetItem(tr("open")));
  }
  mTable->resizeColumnsToContents();

  auto *split = new QSplitter(Qt::Vertical, this);
  split->addWidget(mTable);
  auto *compare = new QWidget(split);
  auto *compareLayout = new QHBoxLayout(compare);
  compareLayout->setContentsMargins(0, 0, 0, 0);
  mCompare = new QTableWidget(0, 3, compare);
  mCompare->setObjectName(QStringLiteral("compare"));
  mCompare->setHorizontalHeaderLabels({tr("Field"), tr("Mine"), tr("Theirs")});
  mCompare->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mCompare->verticalHeader()->hide();
  mCompare->horizontalHeader()->setStretchLastSection(true);
  mPreview = new ConflictPreview(compare);
  compareLayout->addWidget(mCompare, 3);
  compareLayout->addWidget(mPreview, 2);
  split->addWidget(compare);
  layout->addWidget(split, 1);
  mError = new QLabel(this);
  mError->setStyleSheet(QStringLiteral("color:#b03000"));
  mError->setWordWrap(true);
  mError->hide();
  layout->addWidget(mError);

  auto *buttons = new QDialogButtonBox(this);
  mMine = buttons->addButton(tr("Keep &mine"), QDialogButtonBox::ActionRole);
  mTheirs = buttons->addButton(tr("Keep &theirs"), QDialogButtonBox::ActionRole);
  mBoth = buttons->addButton(tr("Show &both"), QDialogButtonBox::ActionRole);
  buttons->addButton(QDialogButtonBox::Close);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto resolve = [this](data::Resolution how) {
    const int r = currentRow();
    if (r >= 0) emit resolveRequested(mConflicts[static_cast<std::size_t>(r)], how);
  };
  connect(mMine, &QPushButton::clicked, this, [resolve] { resolve(data::Resolution::KeepMine); });
  connect(mTheirs, &QPushButton::clicked, this, [resolve] { resolve(data::Resolution::KeepTheirs); });
  connect(mBoth, &QPushButton::clicked, this, [this] { showBoth(currentRow()); });
  connect(mTable, &QTableWidget::itemSelectionChanged, this, [this] {
    updateButtons();
    showBoth(currentRow());
  });
  if (mTable->rowCount() > 0) mTable->selectRow(0);
  updateButtons();
}

int ConflictDialog::currentRow() const
{
  const auto rows = mTable->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.front().row();
}

void ConflictDialog::updateButtons()
{
  const int r = currentRow();
  const bool open = r >= 0 && !mResolved[static_cast<std::size_t>(r)];
  mMine->setEnabled(open);
  mTheirs->setEnabled(open);
  mBoth->setEnabled(r >= 0);
}

void ConflictDialog::showBoth(int row)
{
  if (row < 0 || row >= static_cast<int>(mConflicts.size())) return;
  const data::SyncConflict &c = mConflicts[static_cast<std::size_t>(row)];
  data::ConflictSides sides;
  try {
    sides = data::conflictSides(mPath.toStdString(), c);
    mError->hide();
  } catch (const std::exception &e) {
    mError->setText(QString::fromUtf8(e.what()));
    mError->show();
    return;
  }
  struct Row
  {
    QString field, mine, theirs;
  };
  std::vector<Row> rows{
      {tr("Code"), QString::fromStdString(sides.mine.code), QString::fromStdString(sides.theirs.code)},
      {tr("Name"), QString::fromStdString(sides.mine.name), QString::fromStdString(sides.theirs.name)},
      {tr("Geometry"), sides.mine.geometry == sides.theirs.geometry ? tr("same") : tr("differs"),
       sides.mine.geometry == sides.theirs.geometry ? tr("same") : tr("differs")}};
  std::set<std::string> keys;
  for (const auto &[k, v] : sides.mine.attributes)
    keys.insert(k);
  for (const auto &[k, v] : sides.theirs.attributes)
    keys.insert(k);
  auto value = [](const data::Feature &f, const std::string &k) {
    const auto it = f.attributes.find(k);
    return it == f.attributes.end() ? QString() : QString::fromStdString(data::valueToString(it->second));
  };
  for (const std::string &k : keys)
    rows.push_back({QString::fromStdString(k), value(sides.mine, k), value(sides.theirs, k)});
  mCompare->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const Row &x = rows[static_cast<std::size_t>(r)];
    mCompare->setItem(r, 0, new QTableWidgetItem(x.field));
    mCompare->setItem(r, 1, new QTableWidgetItem(x.mine));
    mCompare->setItem(r, 2, new QTableWidgetItem(x.theirs));
    if (x.mine != x.theirs)
      for (int col = 1; col < 3; ++col)
        mCompare->item(r, col)->setBackground(QColor(255, 236, 200));
  }
  mCompare->resizeColumnsToContents();
  mPreview->setSides(sides.mine.geometry, sides.theirs.geometry);
  emit showRequested(c);
}

void ConflictDialog::markResolved(const data::SyncConflict &conflict)
{
  for (std::size_t i = 0; i < mConflicts.size(); ++i)
    if (mConflicts[i].serverId == conflict.serverId) {
      mResolved[i] = true;
      mTable->item(static_cast<int>(i), 3)->setText(tr("resolved"));
    }
  updateButtons();
}

int ConflictDialog::unresolved() const
{
  return static_cast<int>(std::count(mResolved.begin(), mResolved.end(), false));
}

} // namespace app
