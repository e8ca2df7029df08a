#include "app/gui/HistoryView.h"

#include "data/store/Progress.h"

#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace app {

namespace {

enum Column { Date, What, Change, Who, Note, Recorded, ColumnCount };

QString q(const std::string &s)
{
  return QString::fromStdString(s);
}

QString describe(const data::Event &e)
{
  switch (e.kind) {
  case data::EventKind::Status:
    return HistoryView::tr("status → %1").arg(data::statusName(e.status));
  case data::EventKind::Stretch:
    return HistoryView::tr("stretch %1–%2 m done")
        .arg(e.fromM.value_or(0), 0, 'f', 1)
        .arg(e.toM.value_or(0), 0, 'f', 1);
  case data::EventKind::Correction:
    if (e.fromM && e.toM)
      return HistoryView::tr("correction: stretch %1–%2 m not done")
          .arg(*e.fromM, 0, 'f', 1)
          .arg(*e.toM, 0, 'f', 1);
    return HistoryView::tr("correction: status → %1").arg(data::statusName(e.status));
  case data::EventKind::Retraction:
    return HistoryView::tr("retraction (undo)");
  }
  return {};
}

QString stateText(const data::FeatureProgress &p, bool line)
{
  QString s = data::statusName(p.status);
  if (line) s += QString(" %1 m").arg(p.doneM(), 0, 'f', 1);
  return s;
}

} // namespace

HistoryView::HistoryView(const data::Store &store, QWidget *parent)
    : QWidget(parent)
    , mStore(store)
    , mTitle(new QLabel(this))
    , mTree(new QTreeWidget(this))
{
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  mTitle->setWordWrap(true);
  layout->addWidget(mTitle);
  layout->addWidget(mTree);
  mTree->setColumnCount(ColumnCount);
  mTree->setHeaderLabels({tr("Date"), tr("What"), tr("Change"), tr("Who"), tr("Note"), tr("Recorded")});
  mTree->setIconSize(QSize(64, 64));
  mTree->setRootIsDecorated(true);
  mTree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  // Who and what they noted come right after the date: the change texts are long and would push
  // them out of a dock's default width.
  mTree->header()->moveSection(mTree->header()->visualIndex(Who), 1);
  mTree->header()->moveSection(mTree->header()->visualIndex(Note), 2);
  connect(mTree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
    const QString uuid = item->data(0, Qt::UserRole).toString();
    if (!uuid.isEmpty()) emit photoActivated(uuid);
  });
}

void HistoryView::setFeature(std::optional<std::int64_t> featureId)
{
  mFeatureId = featureId;
  reload();
}

void HistoryView::reload()
{
  mTree->clear();
  const auto feature = mFeatureId ? mStore.feature(*mFeatureId) : std::nullopt;
  if (!feature) {
    mTitle->setText(tr("Select a feature to see its history"));
    return;
  }
  const auto events = mStore.events(feature->id);
  mTitle->setText(tr("%1: %2 event(s), now %3")
                      .arg(q(feature->name.empty() ? feature->code : feature->name))
                      .arg(events.size())
                      .arg(data::statusName(feature->status)));
  const bool line = feature->geometry.dimension() == 1;
  std::map<std::string, const data::Event *> retractedBy;
  for (const auto &e : events)
    if (e.kind == data::EventKind::Retraction) retractedBy[e.retracts] = &e;

  // Replaying the events one by one gives the state before and after each of them.
  std::vector<data::Event> applied;
  data::FeatureProgress before = data::deriveProgress(applied, feature->lengthM);
  for (const auto &e : events) {
    applied.push_back(e);
    const data::FeatureProgress after = data::deriveProgress(applied, feature->lengthM);
    auto *item = new QTreeWidgetItem(mTree);
    item->setText(Date, q(e.date));
    item->setText(What, describe(e));
    item->setText(Change, stateText(before, line) + " → " + stateText(after, line));
    item->setText(Who, q(e.user));
    item->setText(Note, q(e.note));
    item->setText(Recorded, q(e.recordedAt));
    item->setToolTip(What, q(e.uuid));
    if (const auto it = retractedBy.find(e.uuid); it != retractedBy.end()) {
      QFont f = item->font(What);
      f.setStrikeOut(true);
      item->setFont(What, f);
      item->setToolTip(
          What, tr("retracted by %1 (recorded %2)").arg(q(it->second->user), q(it->second->recordedAt)));
    }
    for (const auto &photo : mStore.attachments(e.uuid)) {
      auto *child = new QTreeWidgetItem(item);
      QPixmap thumb;
      thumb.loadFromData(reinterpret_cast<const uchar *>(photo.thumbnail.data()),
                         static_cast<uint>(photo.thumbnail.size()));
      child->setIcon(What, QIcon(thumb));
      child->setText(What, q(photo.fileName));
      child->setText(Date, q(photo.takenAt.substr(0, 10)));
      if (photo.position)
        child->setText(Note,
                       QString("%1, %2").arg(photo.position->y, 0, 'f', 6).arg(photo.position->x, 0, 'f', 6));
      child->setData(0, Qt::UserRole, q(photo.uuid));
    }
    before = after;
  }
  mTree->expandAll();
}

} // namespace app
