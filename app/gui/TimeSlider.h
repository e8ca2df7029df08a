#pragma once

#include <QDate>
#include <QWidget>

#include <functional>

class QDateEdit;
class QSlider;
class QTimer;
class QToolButton;

namespace app {

// Sets "as of" for the map, the dashboard and the village table together: a slider over the days
// from the plan's start to today, a date field, and a play button that replays the plan's progress.
class TimeSlider : public QWidget
{
  Q_OBJECT
public:
  explicit TimeSlider(QWidget *parent = nullptr);

  // The days the slider covers; the date is kept inside them.
  void setRange(const QDate &first, const QDate &last);
  QDate first() const { return mFirst; }
  QDate last() const { return mLast; }
  QDate date() const { return mDate; }
  bool isPlaying() const;
  // Days advanced per animation frame (frames are 80 ms apart).
  void setPlayStep(int days) { mPlayStep = days; }
  // While playing, a frame is skipped until this says the last date is shown everywhere (a large
  // project takes longer than a frame to show a date). None: every frame advances.
  void setReadyCheck(std::function<bool()> ready) { mReady = std::move(ready); }

public slots:
  void setDate(const QDate &date);
  // Plays from the current date (from the start when at the end) to the last day, then stops.
  void play();
  void stop();

signals:
  void asOfChanged(const QDate &date);
  void playingChanged(bool playing);

private:
  void step();
  void onSliderAction(int action);
  void sync();

  QSlider *mSlider = nullptr;
  QDateEdit *mEdit = nullptr;
  QToolButton *mPlay = nullptr;
  QTimer *mTimer = nullptr;
  QDate mFirst, mLast, mDate;
  int mPlayStep = 2;
  std::function<bool()> mReady;
};

} // namespace app
