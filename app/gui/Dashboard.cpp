#include "app/gui/Dashboard.h"

#include "app/gui/DashboardCard.h"
#include "app/gui/DashboardOverview.h"
#include "layers/render/Symbology.h"
#include "layers/report/ReportData.h"

#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace app {

namespace {

std::string iso(const QDate &d)
{
  return d.toString(Qt::ISODate).toStdString();
}

// The open list shows at most this many features (a list widget of 50,000 rows costs the GUI
// thread more than a frame); the title keeps the full count.
constexpr int kMaxListed = 1000;

} // namespace

Dashboard::Dashboard(QWidget *parent)
    : QWidget(parent)
{
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  mHeader = new QLabel(this);
  mHeader->setObjectName(QStringLiteral("header"));
  mHeader->setWordWrap(true);
  mHeader->setTextFormat(Qt::RichText);
  layout->addWidget(mHeader);

  mSplitter = new QSplitter(Qt::Vertical, this);
  auto *splitter = mSplitter;
  auto *scroll = new QScrollArea(splitter);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  // The overview first, then the cards, in one scroll area: the dock asks no more height than before
  // (a taller minimum squeezed the map in a small window), and the overview is in view when opened.
  auto *inner = new QWidget(scroll);
  auto *innerLayout = new QVBoxLayout(inner);
  innerLayout->setContentsMargins(0, 0, 0, 0);
  mOverview = new DashboardOverview(inner);
  mCards = new QWidget(inner);
  mCardsLayout = new QVBoxLayout(mCards);
  mCardsLayout->setContentsMargins(0, 0, 0, 0);
  innerLayout->addWidget(mOverview);
  innerLayout->addWidget(mCards, 1);
  scroll->setWidget(inner);
  // A square of the overview opens the target's card: selected and scrolled to.
  connect(mOverview, &DashboardOverview::targetClicked, this, [this, scroll](const QString &id) {
    selectTarget(id);
    if (DashboardCard *c = card(id)) scroll->ensureWidgetVisible(c);
  });

  auto *openPanel = new QWidget(splitter);
  auto *openLayout = new QVBoxLayout(openPanel);
  openLayout->setContentsMargins(0, 0, 0, 0);
  mOpenTitle = new QLabel(openPanel);
  mOpenList = new QListWidget(openPanel);
  mOpenList->setObjectName(QStringLiteral("openFeatures"));
  openLayout->addWidget(mOpenTitle);
  openLayout->addWidget(mOpenList);
  connect(mOpenList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
    if (const QVariant id = item->data(Qt::UserRole); id.isValid()) emit featureActivated(id.toLongLong());
  });
  splitter->addWidget(scroll);
  splitter->addWidget(openPanel);
  splitter->setStretchFactor(0, 4);
  splitter->setStretchFactor(1, 1);
  layout->addWidget(splitter, 1);
  openPanel->hide();
}

Dashboard::~Dashboard() = default;

void Dashboard::setProject(const data::Store &store, const layers::Plan &plan, bool chinese)
{
  mStore = &store;
  mFed = false;
  mSynthetic = store.isSynthetic();
  mReplay.reset();
  mPlan = plan;
  mZh = chinese;
  mSelected.clear();
  if (!mAsOf.isValid()) mAsOf = QDate::currentDate();
  rebuild();
  refresh();
}

void Dashboard::setPlan(const layers::Plan &plan, bool chinese, const QString &waiting)
{
  mStore = nullptr;
  mFed = true;
  mReplay.reset();
  mBurnUp.reset();
  mMeasurements.reset();
  mFeatures.clear();
  mFeaturesTarget.clear();
  mPlan = plan;
  mZh = chinese;
  mSelected.clear();
  mNow.clear();
  mForecasts.clear();
  rebuild();
  mOpenList->clear();
  mOpenList->parentWidget()->hide();
  mHeader->setText(waiting.toHtmlEscaped());
}

void Dashboard::setFigures(Figures figures)
{
  mFed = true;
  mAsOf = figures.date;
  mSynthetic = figures.synthetic;
  mBurnUp = std::move(figures.burnUp);
  mMeasurements = std::move(figures.measurements);
  mFeaturesTarget = std::move(figures.target);
  mFeaturesDate = figures.date;
  mFeatures = std::move(figures.features);
  showAsOf();
}

void Dashboard::clear()
{
  mStore = nullptr;
  mFed = false;
  mBurnUp.reset();
  mMeasurements.reset();
  mFeatures.clear();
  mFeaturesTarget.clear();
  mReplay.reset();
  mPlan = {};
  mNow.clear();
  mForecasts.clear();
  mSelected.clear();
  rebuild();
  mHeader->clear();
}

void Dashboard::refresh()
{
  if (!mStore) return;
  mReplay = std::make_unique<layers::ProgressReplay>(*mStore, mPlan);
  mBurnUp = std::make_shared<const layers::BurnUp>(layers::computeBurnUp(*mReplay, mPlan));
  auto measurements = std::make_shared<std::map<std::string, std::vector<layers::BurnUpPoint>>>();
  for (const auto &t : mPlan.targets)
    if (!t.isLocated()) (*measurements)[t.id] = layers::measurementHistory(*mStore, t.id);
  mMeasurements = std::move(measurements);
  showAsOf();
}

void Dashboard::setAsOf(const QDate &date)
{
  if (!date.isValid() || date == mAsOf) return;
  mAsOf = date;
  showAsOf();
}

// One group box per plan group, in the order the plan first names them.
void Dashboard::rebuild()
{
  while (QLayoutItem *item = mCardsLayout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  mGroups.clear();
  mCardById.clear();
  mOrder.clear();
  for (const auto &t : mPlan.targets) {
    if (!mGroups.count(t.group)) {
      auto *box = new QGroupBox(QString::fromUtf8(layers::groupLabel(t.group, mZh)), mCards);
      box->setObjectName(QString::fromStdString("group:" + t.group));
      auto *boxLayout = new QVBoxLayout(box);
      boxLayout->setSpacing(4);
      mCardsLayout->addWidget(box);
      mGroups[t.group] = boxLayout;
    }
    auto *card = new DashboardCard(t, mZh, mCards);
    connect(card, &DashboardCard::clicked, this, &Dashboard::selectTarget);
    mGroups[t.group]->addWidget(card);
    mCardById[t.id] = card;
  }
  mCardsLayout->addStretch(1);
  mOverview->setPlan(mPlan, mZh);
}

void Dashboard::showAsOf()
{
  if (!mBurnUp) return;
  const std::string asOf = iso(mAsOf);
  mNow = mBurnUp->at(asOf);
  mForecasts.clear();
  for (std::size_t i = 0; i < mPlan.targets.size(); ++i)
    mForecasts.push_back(layers::forecastTarget(mPlan.targets[i], mNow[i], mBurnUp->series(i),
                                                mPlan.startDate, mPlan.deadline, asOf));

  mOverview->setForecasts(mForecasts);
  QString header = "<b>" + QString::fromStdString(mZh ? mPlan.titleZh : mPlan.titleEn).toHtmlEscaped() +
                   "</b><br>" + QString::fromStdString(mPlan.docNumber).toHtmlEscaped() + " · " +
                   lang(mZh, "截至 ", "as of ") + mAsOf.toString(Qt::ISODate);
  if (mSynthetic)
    header += QStringLiteral("<br><span style='color:#b03000'>合成示例数据 / synthetic sample data</span>");
  mHeader->setText(header);

  // Cards in attention order inside each group: the ones that will miss first. The layouts are
  // redone only when the order changed (re-adding every card re-lays out the whole dock).
  std::vector<std::size_t> order = layers::attentionOrder(mForecasts);
  const bool reorder = order != mOrder;
  if (reorder)
    for (auto &[group, layout] : mGroups)
      while (QLayoutItem *item = layout->takeAt(0))
        delete item; // the card itself stays and is added again below
  for (std::size_t i : order) {
    const auto &t = mPlan.targets[i];
    DashboardCard *card = mCardById.at(t.id);
    std::vector<layers::BurnUpPoint> history;
    if (auto it = mMeasurements->find(t.id); it != mMeasurements->end())
      for (const auto &m : it->second)
        if (m.date <= asOf) history.push_back(m);
    card->setProgress(mNow[i], mForecasts[i], history);
    if (reorder) mGroups.at(t.group)->addWidget(card);
  }
  mOrder = std::move(order);
  if (!mSelected.isEmpty()) showOpenFeatures();
}

const layers::TargetProgress *Dashboard::progress(const QString &targetId) const
{
  for (const auto &p : mNow)
    if (p.targetId == targetId.toStdString()) return &p;
  return nullptr;
}

const layers::Forecast *Dashboard::forecast(const QString &targetId) const
{
  for (const auto &f : mForecasts)
    if (f.targetId == targetId.toStdString()) return &f;
  return nullptr;
}

DashboardCard *Dashboard::card(const QString &targetId) const
{
  auto it = mCardById.find(targetId.toStdString());
  return it == mCardById.end() ? nullptr : it->second;
}

void Dashboard::selectTarget(const QString &targetId)
{
  if (!mCardById.count(targetId.toStdString())) return;
  if (!mSelected.isEmpty())
    if (auto *c = card(mSelected)) c->setSelected(false);
  mSelected = targetId;
  card(targetId)->setSelected(true);
  showOpenFeatures();
}

void Dashboard::showOpenFeatures()
{
  std::vector<layers::TargetFeature> replayed;
  const std::vector<layers::TargetFeature> *features = &replayed;
  if (mFed) {
    if (mFeaturesTarget != mSelected.toStdString() || mFeaturesDate != mAsOf) {
      emit targetFeaturesWanted(mSelected, mAsOf); // comes back through setFigures
      return;
    }
    features = &mFeatures;
  } else {
    if (!mReplay) return;
    mReplay->advanceTo(iso(mAsOf));
    replayed = mReplay->features(mSelected.toStdString());
  }
  QList<qint64> all, open;
  mOpenList->setUpdatesEnabled(false);
  mOpenList->clear();
  for (const auto &f : *features) {
    all << f.id;
    if (f.done) continue;
    open << f.id;
    if (open.size() > kMaxListed) continue;
    QString text = QString::fromStdString(f.code.empty() ? f.name : f.code + "  " + f.name) + "  · " +
                   layers::Symbology::statusLabel(f.status, mZh);
    if (f.lengthM > 0)
      text += QStringLiteral("  %1 / %2 m").arg(f.doneM, 0, 'f', 0).arg(f.lengthM, 0, 'f', 0);
    auto *item = new QListWidgetItem(text, mOpenList);
    item->setData(Qt::UserRole, QVariant::fromValue<qint64>(f.id));
  }
  if (open.size() > kMaxListed)
    new QListWidgetItem(lang(mZh, "… 另有 ", "… and ") + QString::number(open.size() - kMaxListed) +
                            lang(mZh, " 个", " more"),
                        mOpenList);
  mOpenList->setUpdatesEnabled(true);
  const layers::Target *t = mPlan.target(mSelected.toStdString());
  mOpenTitle->setText((t ? QString::fromStdString(layers::targetName(*t, mZh)) : mSelected) + " — " +
                      lang(mZh, "未完成 ", "not done: ") + QString::number(open.size()) + " / " +
                      QString::number(all.size()));
  QWidget *panel = mOpenList->parentWidget();
  const bool wasHidden = panel->isHidden();
  panel->setVisible(t && t->isLocated());
  // The cards stay the main thing: the list opens at a quarter of the height.
  const int h = mSplitter->height();
  if (wasHidden && panel->isVisible()) mSplitter->setSizes({h - h / 4, h / 4});
  emit targetActivated(mSelected, all, open);
}

} // namespace app
