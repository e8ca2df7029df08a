#include "app/gui/TimeSlider.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace app {

TimeSlider::TimeSlider(QWidget *parent)
    : QWidget(parent)
    , mSlider(new QSlider(Qt::Horizontal, this))
    , mEdit(new QDateEdit(this))
    , mPlay(new QToolButton(this))
    , mTimer(new QTimer(this))
{
  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  mPlay->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  mPlay->setToolTip(tr("Replay the plan's progress from its start"));
  mPlay->setObjectName(QStringLiteral("play"));
  mSlider->setObjectName(QStringLiteral("slider"));
  mEdit->setObjectName(QStringLiteral("date"));
  mEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
  mEdit->setCalendarPopup(true);
  layout->addWidget(mPlay);
  layout->addWidget(mSlider, 1);
  layout->addWidget(mEdit);
  mTimer->setInterval(80);

  connect(mSlider, &QSlider::valueChanged, this, [this](int day) { setDate(mFirst.addDays(day)); });
  connect(mSlider, &QSlider::actionTriggered, this, &TimeSlider::onSliderAction);
  connect(mEdit, &QDateEdit::dateChanged, this, [this](const QDate &d) { setDate(d); });
  connect(mPlay, &QToolButton::clicked, this, [this] { isPlaying() ? stop() : play(); });
  connect(mTimer, &QTimer::timeout, this, &TimeSlider::step);

  const QDate today = QDate::currentDate();
  setRange(today.addYears(-1), today);
  setDate(today);
}

void TimeSlider::setRange(const QDate &first, const QDate &last)
{
  if (!first.isValid() || !last.isValid()) return;
  mFirst = std::min(first, last);
  mLast = std::max(first, last);
  {
    const QSignalBlocker b1(mSlider), b2(mEdit);
    mSlider->setRange(0, static_cast<int>(mFirst.daysTo(mLast)));
    mSlider->setPageStep(30);
    mEdit->setDateRange(mFirst, mLast);
  }
  if (mDate.isValid()) setDate(std::clamp(mDate, mFirst, mLast));
}

void TimeSlider::setDate(const QDate &date)
{
  if (!date.isValid()) return;
  const QDate d = std::clamp(date, mFirst, mLast);
  const bool changed = d != mDate;
  mDate = d;
  sync();
  if (changed) emit asOfChanged(mDate);
}

// A page step (Page Up / Down, a click beside the handle) goes to the next or previous month's
// end, where milestones and the monthly figures fall, instead of 30 days on.
void TimeSlider::onSliderAction(int action)
{
  QDate to;
  if (action == QAbstractSlider::SliderPageStepAdd) {
    to = mDate.addDays(mDate.daysInMonth() - mDate.day()); // this month's end
    if (to == mDate) to = to.addDays(1).addMonths(1).addDays(-1);
  } else if (action == QAbstractSlider::SliderPageStepSub) {
    to = mDate.addDays(-mDate.day()); // the previous month's end
  } else {
    return;
  }
  mSlider->setSliderPosition(static_cast<int>(mFirst.daysTo(std::clamp(to, mFirst, mLast))));
}

void TimeSlider::sync()
{
  const QSignalBlocker b1(mSlider), b2(mEdit);
  mSlider->setValue(static_cast<int>(mFirst.daysTo(mDate)));
  mEdit->setDate(mDate);
}

bool TimeSlider::isPlaying() const
{
  return mTimer->isActive();
}

void TimeSlider::play()
{
  if (isPlaying()) return;
  if (mDate >= mLast) setDate(mFirst);
  mPlay->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
  mTimer->start();
  emit playingChanged(true);
}

void TimeSlider::stop()
{
  if (!isPlaying()) return;
  mTimer->stop();
  mPlay->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  emit playingChanged(false);
}

void TimeSlider::step()
{
  if (mReady && !mReady()) return;
  setDate(mDate.addDays(mPlayStep));
  if (mDate >= mLast) stop();
}

} // namespace app
