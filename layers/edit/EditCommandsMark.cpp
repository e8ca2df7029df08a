#include "layers/edit/EditCommands.h"

#include <QCoreApplication>

namespace layers {

namespace {

QString markText(const data::Store &store, const std::vector<MarkCommand::Mark> &marks)
{
  if (marks.size() != 1)
    return QCoreApplication::translate("EditCommands", "Mark %n stretch(es)", nullptr, int(marks.size()));
  const data::Event &e = marks.front().event;
  const auto f = store.feature(e.featureId);
  const QString name =
      f ? QString::fromStdString(f->name.empty() ? f->code : f->name) : QString::number(e.featureId);
  if (e.kind == data::EventKind::Stretch && e.fromM && e.toM)
    return QCoreApplication::translate("EditCommands", "Mark %1 %2–%3 m done")
        .arg(name)
        .arg(*e.fromM, 0, 'f', 0)
        .arg(*e.toM, 0, 'f', 0);
  if (e.kind == data::EventKind::Correction)
    return QCoreApplication::translate("EditCommands", "Correct %1").arg(name);
  return QCoreApplication::translate("EditCommands", "Mark %1 %2").arg(name, data::statusName(e.status));
}

} // namespace

MarkCommand::MarkCommand(EditContext &ctx, std::vector<Mark> marks)
    : StoreCommand(ctx, markText(ctx.store(), marks))
    , mMarks(std::move(marks))
{
}

MarkCommand::MarkCommand(EditContext &ctx, data::Event event, std::vector<data::Attachment> photos)
    : MarkCommand(ctx, std::vector<Mark>{Mark{std::move(event), std::move(photos)}})
{
}

std::vector<std::int64_t> MarkCommand::apply()
{
  std::vector<data::Event> stored;
  std::vector<std::int64_t> touched;
  for (const auto &m : mMarks) {
    data::Event e = m.event;
    e.id = 0;
    e.uuid.clear();
    e.recordedAt.clear();
    e.featureId = mCtx.currentId(e.featureId);
    e.user = mCtx.user();
    stored.push_back(mCtx.store().appendEvent(mCtx.user(), e));
    for (data::Attachment a : m.photos) {
      a.id = 0;
      a.uuid.clear();
      a.eventUuid = stored.back().uuid;
      mCtx.store().addAttachment(mCtx.user(), a);
    }
    touched.push_back(e.featureId);
  }
  mStored = std::move(stored);
  return touched;
}

std::vector<std::int64_t> MarkCommand::revert()
{
  std::vector<std::int64_t> touched;
  for (auto it = mStored.rbegin(); it != mStored.rend(); ++it) {
    data::Event r;
    r.featureId = it->featureId;
    r.kind = data::EventKind::Retraction;
    r.status = it->status;
    // Dated like the mark it cancels, so the state as of any date is as if it was never made.
    r.date = it->date;
    r.user = mCtx.user();
    r.note = "undo";
    r.retracts = it->uuid;
    mCtx.store().appendEvent(mCtx.user(), r);
    touched.push_back(it->featureId);
  }
  return touched;
}

} // namespace layers
