#include "app/gui/DashboardOverview.h"

#include "app/gui/DashboardCard.h"
#include "layers/report/ReportData.h"

#include <QGridLayout>
#include <QLabel>
#include <QToolButton>

#include <algorithm>

namespace app {

namespace {

constexpr int kCellSize = 16;
constexpr int kCellsPerRow = 12;

} // namespace

DashboardOverview::DashboardOverview(QWidget *parent)
    : QWidget(parent)
{
  setObjectName(QStringLiteral("overview"));
  mLayout = new QGridLayout(this);
  mLayout->setContentsMargins(0, 2, 0, 2);
  mLayout->setHorizontalSpacing(6);
  mLayout->setVerticalSpacing(3);
}

QColor DashboardOverview::stateColour(layers::TargetState s)
{
  switch (s) {
  case layers::TargetState::Done:
    return {0x2e, 0x7d, 0x32};
  case layers::TargetState::OnTrack:
    return {0x19, 0x76, 0xd2};
  case layers::TargetState::Behind:
    return {0xef, 0x8a, 0x00};
  case layers::TargetState::WillMiss:
    return {0xc6, 0x28, 0x28};
  case layers::TargetState::Missed:
    return {0x4a, 0x14, 0x14};
  }
  return Qt::gray;
}

QString DashboardOverview::stateLabel(layers::TargetState s, bool zh)
{
  switch (s) {
  case layers::TargetState::Done:
    return lang(zh, "已完成", "done");
  case layers::TargetState::OnTrack:
    return lang(zh, "按计划", "on track");
  case layers::TargetState::Behind:
    return lang(zh, "滞后", "behind");
  case layers::TargetState::WillMiss:
    return lang(zh, "预计逾期", "will miss");
  case layers::TargetState::Missed:
    return lang(zh, "已逾期", "missed");
  }
  return {};
}

void DashboardOverview::setPlan(const layers::Plan &plan, bool chinese)
{
  while (QLayoutItem *item = mLayout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  mZh = chinese;
  mGroups.clear();
  mCells.clear();
  mTargets.clear();
  for (const layers::Target &t : plan.targets) {
    mTargets.emplace_back(t.id, t.group);
    if (std::none_of(mGroups.begin(), mGroups.end(), [&](const Group &g) { return g.id == t.group; }))
      mGroups.push_back({t.group});
  }
  int row = 0;
  for (Group &g : mGroups) {
    auto *name =
        new QLabel(QStringLiteral("<b>%1</b>").arg(QString::fromUtf8(layers::groupLabel(g.id, mZh))), this);
    g.counts = new QLabel(this);
    g.counts->setObjectName(QString::fromStdString("counts:" + g.id));
    g.counts->setTextFormat(Qt::RichText);
    g.counts->setWordWrap(true); // a narrow dock wraps the counts rather than scrolling sideways
    mLayout->addWidget(name, row, 0);
    mLayout->addWidget(g.counts, row, 1);
    auto *cells = new QWidget(this);
    auto *grid = new QGridLayout(cells);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    int i = 0;
    for (const layers::Target &t : plan.targets) {
      if (t.group != g.id) continue;
      auto *cell = new QToolButton(cells);
      cell->setObjectName(QString::fromStdString("cell:" + t.id));
      cell->setFixedSize(kCellSize, kCellSize);
      cell->setAutoRaise(false);
      cell->setToolTip(QString::fromStdString(layers::targetName(t, mZh)));
      const QString id = QString::fromStdString(t.id);
      connect(cell, &QToolButton::clicked, this, [this, id] { emit targetClicked(id); });
      grid->addWidget(cell, i / kCellsPerRow, i % kCellsPerRow);
      mCells[t.id] = cell;
      ++i;
    }
    grid->setColumnStretch(kCellsPerRow, 1);
    mLayout->addWidget(cells, row + 1, 0, 1, 2);
    row += 2;
    showCounts(g);
  }
  mLayout->setColumnStretch(1, 1);
}

void DashboardOverview::setForecasts(const std::vector<layers::Forecast> &forecasts)
{
  for (Group &g : mGroups)
    g.states.fill(0);
  for (std::size_t i = 0; i < forecasts.size() && i < mTargets.size(); ++i) {
    const layers::TargetState s = forecasts[i].state;
    const auto &[id, group] = mTargets[i];
    for (Group &g : mGroups)
      if (g.id == group) ++g.states[static_cast<std::size_t>(s)];
    QAbstractButton *cell = mCells.at(id);
    cell->setStyleSheet(QStringLiteral("QToolButton{background:%1;border:1px solid #ffffff;}"
                                       "QToolButton:hover{border:1px solid #000000;}")
                            .arg(stateColour(s).name()));
    cell->setToolTip(cell->toolTip().section(QStringLiteral(" — "), 0, 0) + QStringLiteral(" — ") +
                     stateLabel(s, mZh));
  }
  for (Group &g : mGroups)
    showCounts(g);
}

// "12 · 5 done · 3 on track · …" with each count in its state's colour; missed only once any is.
void DashboardOverview::showCounts(Group &g) const
{
  int all = 0;
  for (int n : g.states)
    all += n;
  QStringList parts;
  for (int s = 0; s < layers::kTargetStateCount; ++s) {
    const auto state = static_cast<layers::TargetState>(s);
    if (state == layers::TargetState::Missed && g.states[s] == 0) continue;
    parts << QStringLiteral("<span style='color:%1'><b>%2</b> %3</span>")
                 .arg(stateColour(state).name())
                 .arg(g.states[s])
                 .arg(stateLabel(state, mZh));
  }
  g.counts->setText(QString::number(all) + lang(mZh, " 项：", ": ") + parts.join(QStringLiteral(" · ")));
}

StateCounts DashboardOverview::counts(const std::string &group) const
{
  for (const Group &g : mGroups)
    if (g.id == group) return g.states;
  return {};
}

StateCounts DashboardOverview::total() const
{
  StateCounts sum{};
  for (const Group &g : mGroups)
    for (int s = 0; s < layers::kTargetStateCount; ++s)
      sum[s] += g.states[s];
  return sum;
}

QAbstractButton *DashboardOverview::cell(const QString &targetId) const
{
  auto it = mCells.find(targetId.toStdString());
  return it == mCells.end() ? nullptr : it->second;
}

} // namespace app
