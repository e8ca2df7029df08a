#include "app/gui/DashboardCard.h"

#include "layers/report/ReportCharts.h"
#include "layers/report/ReportData.h"

#include <QGridLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace app {

// A horizontal bar: done share in the schedule's colour, the planned share as a tick.
class ProgressStrip : public QWidget
{
public:
  explicit ProgressStrip(QWidget *parent)
      : QWidget(parent)
  {
    setFixedHeight(8);
  }
  void set(double percent, double planned, const QColor &colour, bool showPlanned)
  {
    mPercent = percent, mPlanned = planned, mColour = colour, mShowPlanned = showPlanned;
    update();
  }

protected:
  void paintEvent(QPaintEvent *) override
  {
    QPainter p(this);
    const QRectF r = rect();
    p.fillRect(r, QColor(228, 228, 228));
    p.fillRect(QRectF(r.left(), r.top(), r.width() * std::clamp(mPercent / 100.0, 0.0, 1.0), r.height()),
               mColour);
    if (mShowPlanned) {
      const double x = r.left() + r.width() * std::clamp(mPlanned / 100.0, 0.0, 1.0);
      p.setPen(QPen(QColor(40, 40, 40), 2));
      p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    }
  }

private:
  double mPercent = 0, mPlanned = 0;
  QColor mColour;
  bool mShowPlanned = false;
};

// A small line of an indicator's measurements with its threshold dashed.
class Sparkline : public QWidget
{
public:
  explicit Sparkline(QWidget *parent)
      : QWidget(parent)
  {
    setFixedSize(90, 26);
  }
  void set(std::vector<layers::BurnUpPoint> points, double threshold)
  {
    mPoints = std::move(points), mThreshold = threshold;
    update();
  }

protected:
  void paintEvent(QPaintEvent *) override
  {
    if (mPoints.empty()) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    double lo = mThreshold, hi = mThreshold;
    for (const auto &pt : mPoints)
      lo = std::min(lo, pt.value), hi = std::max(hi, pt.value);
    if (hi - lo < 1e-9) hi = lo + 1;
    const QRectF r = QRectF(rect()).adjusted(2, 3, -2, -3);
    auto y = [&](double v) { return r.bottom() - (v - lo) / (hi - lo) * r.height(); };
    auto x = [&](std::size_t i) {
      return mPoints.size() == 1 ? r.center().x() : r.left() + r.width() * i / (mPoints.size() - 1);
    };
    p.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
    p.drawLine(QPointF(r.left(), y(mThreshold)), QPointF(r.right(), y(mThreshold)));
    QPainterPath path;
    for (std::size_t i = 0; i < mPoints.size(); ++i)
      i ? path.lineTo(x(i), y(mPoints[i].value)) : path.moveTo(x(i), y(mPoints[i].value));
    p.setPen(QPen(QColor(0, 114, 178), 1.5));
    p.drawPath(path);
    p.setBrush(QColor(0, 114, 178));
    p.drawEllipse(QPointF(x(mPoints.size() - 1), y(mPoints.back().value)), 2.2, 2.2);
  }

private:
  std::vector<layers::BurnUpPoint> mPoints;
  double mThreshold = 0;
};

DashboardCard::DashboardCard(const layers::Target &target, bool chinese, QWidget *parent)
    : QFrame(parent)
    , mTarget(target)
    , mZh(chinese)
{
  setObjectName(QString::fromStdString("card:" + target.id));
  setCursor(Qt::PointingHandCursor);
  // paintEvent draws the card: a style sheet per card cost the GUI thread milliseconds a card at every
  // update (each re-polishes the card and its labels).
  setFrameShape(QFrame::NoFrame);
  auto *grid = new QGridLayout(this);
  grid->setContentsMargins(16, 8, 10, 8);
  grid->setVerticalSpacing(2);
  mName = new QLabel(QString::fromStdString(layers::targetName(target, chinese)), this);
  mName->setWordWrap(true);
  mName->setToolTip(QString::fromStdString(chinese ? target.nameEn : target.nameZh) + " · " +
                    QString::fromStdString(target.source));
  QFont bold = mName->font();
  bold.setBold(true);
  mName->setFont(bold);
  mValue = new QLabel(this);
  mValue->setObjectName(QStringLiteral("value"));
  QFont big = mValue->font();
  big.setPointSizeF(big.pointSizeF() * 1.35);
  big.setBold(true);
  mValue->setFont(big);
  auto *goal = new QLabel(
      QStringLiteral("/ %1 %2 %3")
          .arg(target.comparator == data::Comparator::AtLeast
                   ? QString()
                   : QString::fromLatin1(target.comparatorSymbol()))
          .arg(QString::fromStdString(layers::formatNumber(target.goal, layers::valueDecimals(target))))
          .arg(QString::fromStdString(layers::targetUnit(target, chinese))),
      this);
  goal->setObjectName(QStringLiteral("goal"));
  mPercent = new QLabel(this);
  mPercent->setObjectName(QStringLiteral("percent"));
  mPercent->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  mStrip = new ProgressStrip(this);
  mDetail = new QLabel(this);
  mDetail->setObjectName(QStringLiteral("detail"));
  mDetail->setWordWrap(true);
  mForecast = new QLabel(this);
  mForecast->setObjectName(QStringLiteral("forecast"));
  mForecast->setWordWrap(true);
  mSpark = new Sparkline(this);
  mSpark->setVisible(!target.isLocated());

  auto *valueRow = new QHBoxLayout;
  valueRow->addWidget(mValue);
  valueRow->addWidget(goal);
  valueRow->addStretch(1);
  valueRow->addWidget(mSpark);
  valueRow->addWidget(mPercent);
  grid->addWidget(mName, 0, 0);
  grid->addLayout(valueRow, 1, 0);
  grid->addWidget(mStrip, 2, 0);
  grid->addWidget(mDetail, 3, 0);
  grid->addWidget(mForecast, 4, 0);
}

void DashboardCard::setProgress(const layers::TargetProgress &p, const layers::Forecast &f,
                                const std::vector<layers::BurnUpPoint> &history)
{
  const bool measured = mTarget.isLocated() || p.latest.has_value();
  mValue->setText(measured
                      ? QString::fromStdString(layers::formatNumber(p.value, layers::valueDecimals(mTarget)))
                      : QStringLiteral("—"));
  mPercent->setText(measured ? QString::fromStdString(layers::formatNumber(p.percent, 0)) + " %" : QString());
  mColour = layers::ReportCharts::scheduleColour(static_cast<int>(f.schedule));
  if (mTarget.kind == data::TargetKind::Ratio && !p.met) mColour = QColor(204, 0, 0);
  mStrip->set(mTarget.comparator == data::Comparator::AtMost ? (p.met ? 100 : p.percent) : p.percent,
              f.plannedPercent, mColour, f.forecastable);

  QString detail;
  if (mTarget.kind == data::TargetKind::Ratio) {
    detail = lang(mZh, "按数量 ", "by count ") + QString::number(p.shareByCount, 'f', 1) + " % · " +
             lang(mZh, "按长度 ", "by length ") + QString::number(p.shareByLength, 'f', 1) + " %";
  } else if (!mTarget.isLocated()) {
    detail = p.latest ? lang(mZh, "最新测量 ", "measured ") + QString::fromStdString(p.latestDate) + " · " +
                            QString::number(history.size()) +
                            lang(mZh, " 次", history.size() == 1 ? " time" : " times")
                      : lang(mZh, "尚无测量值", "no measurement yet");
  } else {
    detail = QString::number(p.featuresDone) + " / " + QString::number(p.featuresTotal) +
             lang(mZh, " 处完成", " features done");
  }
  detail += " · " + QString::fromUtf8(layers::scheduleLabel(f.schedule, mZh));
  mDetail->setText(detail);

  QString forecast;
  if (f.forecastable) {
    auto when = [&](const std::optional<std::string> &d) {
      return d ? QString::fromStdString(*d) : lang(mZh, "无进展", "no progress");
    };
    forecast = lang(mZh, "预计完成：近30天 ", "Forecast: last 30 days ") + when(f.metRecent) +
               lang(mZh, "，自开始 ", ", since start ") + when(f.metOverall);
    if (f.willMiss) forecast += lang(mZh, " — 将逾期", " — will miss the deadline");
  }
  mForecast->setText(forecast);
  mForecast->setVisible(!forecast.isEmpty());
  const QColor forecastColour = f.willMiss ? QColor(180, 40, 0) : palette().color(QPalette::WindowText);
  if (mForecast->palette().color(QPalette::WindowText) != forecastColour) {
    QPalette pal = mForecast->palette();
    pal.setColor(QPalette::WindowText, forecastColour);
    mForecast->setPalette(pal);
  }
  if (!mTarget.isLocated()) mSpark->set(history, mTarget.goal);
  applyColour();
}

void DashboardCard::setSelected(bool selected)
{
  mSelected = selected;
  applyColour();
}

QString DashboardCard::valueText() const
{
  return mValue->text();
}

QString DashboardCard::percentText() const
{
  return mPercent->text();
}

void DashboardCard::applyColour()
{
  update();
}

// A white card with a thin grey border (magenta and thicker when selected) and a stripe on the left
// in the schedule's colour.
void DashboardCard::paintEvent(QPaintEvent *)
{
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, true);
  const qreal w = mSelected ? 2 : 1;
  QPainterPath outline;
  outline.addRoundedRect(QRectF(rect()).adjusted(w / 2, w / 2, -w / 2, -w / 2), 3, 3);
  p.fillPath(outline, mSelected ? QColor(0xfb, 0xf0, 0xfb) : QColor(Qt::white));
  p.save();
  p.setClipPath(outline);
  p.fillRect(QRectF(0, 0, 6, height()), mColour);
  p.restore();
  p.setPen(QPen(mSelected ? QColor(0xcc, 0x00, 0xcc) : QColor(0xd0, 0xd0, 0xd0), w));
  p.setBrush(Qt::NoBrush);
  p.drawPath(outline);
}

void DashboardCard::mousePressEvent(QMouseEvent *event)
{
  if (event->button() == Qt::LeftButton) emit clicked(QString::fromStdString(mTarget.id));
  QFrame::mousePressEvent(event);
}

} // namespace app
