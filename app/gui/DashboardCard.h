#pragma once

#include "layers/plan/BurnUp.h"
#include "layers/plan/Forecast.h"
#include "layers/plan/Plan.h"
#include "layers/plan/Rollup.h"

#include <QFrame>

class QLabel;

namespace app {

// Chrome text in the dashboard's language.
inline QString lang(bool zh, const char *zhText, const char *enText)
{
  return QString::fromUtf8(zh ? zhText : enText);
}

class ProgressStrip;
class Sparkline;

// One target on the dashboard: value / goal, unit, percent, a bar coloured by schedule (done, on
// track, behind) with the planned share marked, and the forecast. The ratio target shows its share
// by count and by length and turns red above its threshold; an indicator shows its latest
// measurement against the threshold with a small history. Clicking it emits clicked().
class DashboardCard : public QFrame
{
  Q_OBJECT
public:
  DashboardCard(const layers::Target &target, bool chinese, QWidget *parent = nullptr);

  const std::string &targetId() const { return mTarget.id; }
  void setProgress(const layers::TargetProgress &progress, const layers::Forecast &forecast,
                   const std::vector<layers::BurnUpPoint> &history);
  void setSelected(bool selected);
  // What the card shows as its value ("45.23"; "—" before an indicator's first measurement).
  QString valueText() const;
  QString percentText() const;

signals:
  void clicked(const QString &targetId);

protected:
  void mousePressEvent(QMouseEvent *event) override;
  void paintEvent(QPaintEvent *event) override;

private:
  void applyColour();

  layers::Target mTarget;
  bool mZh = true;
  bool mSelected = false;
  QColor mColour{0xd0, 0xd0, 0xd0}; // the schedule's; grey until the first figures
  QLabel *mName = nullptr;
  QLabel *mValue = nullptr;
  QLabel *mPercent = nullptr;
  QLabel *mDetail = nullptr;
  QLabel *mForecast = nullptr;
  ProgressStrip *mStrip = nullptr;
  Sparkline *mSpark = nullptr;
};

} // namespace app
