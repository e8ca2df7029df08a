#include "layers/edit/EditCommands.h"

#include "gis/LinearRef.h"

#include <QCoreApplication>

namespace layers {

namespace {

QString tr(const char *text)
{
  return QCoreApplication::translate("EditCommands", text);
}

QString featureLabel(const data::Store &store, std::int64_t id)
{
  const auto f = store.feature(id);
  if (!f) return QString::number(id);
  return QString::fromStdString(f->name.empty() ? f->code : f->name);
}

} // namespace

EditContext::EditContext(data::Store &store, std::string user, QObject *parent)
    : QObject(parent)
    , mStore(store)
    , mUser(std::move(user))
{
}

std::int64_t EditContext::currentId(std::int64_t id) const
{
  const auto it = mIds.find(id);
  return it == mIds.end() ? id : it->second;
}

void EditContext::remap(std::int64_t oldId, std::int64_t newId)
{
  // Keep every alias pointing straight at the newest id.
  for (auto &[from, to] : mIds)
    if (to == oldId) to = newId;
  mIds[oldId] = newId;
}

void EditContext::notifyChanged(const std::vector<std::int64_t> &featureIds)
{
  emit featuresChanged(QList<qint64>(featureIds.begin(), featureIds.end()));
}

void EditContext::notifyFailed(const std::string &message)
{
  mLastError = message;
  emit commandFailed(QString::fromStdString(message));
}

StoreCommand::StoreCommand(EditContext &ctx, const QString &text)
    : mCtx(ctx)
{
  setText(text);
}

void StoreCommand::redo()
{
  run(true);
}
void StoreCommand::undo()
{
  run(false);
}

void StoreCommand::run(bool forward)
{
  std::vector<std::int64_t> touched;
  try {
    mCtx.store().transaction([&] { touched = forward ? apply() : revert(); });
  } catch (const std::exception &e) {
    setObsolete(true);
    mCtx.notifyFailed(e.what());
    return;
  }
  try {
    mCtx.notifyChanged(touched);
  } catch (...) {
    // The change is stored; what failed is showing it. Thrown again from the event loop, where the
    // application reports it: thrown from here it would leave QUndoStack's index wrong.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [e = std::current_exception()] { std::rethrow_exception(e); },
        Qt::QueuedConnection);
  }
}

data::Feature StoreCommand::currentFeature(std::int64_t id) const
{
  const std::int64_t current = mCtx.currentId(id);
  auto f = mCtx.store().feature(current);
  if (!f)
    throw data::StoreError(data::StoreError::Kind::NotFound,
                           "feature " + std::to_string(current) + " no longer exists");
  return *f;
}

// ---- AddFeatureCommand

AddFeatureCommand::AddFeatureCommand(EditContext &ctx, data::Feature feature)
    : StoreCommand(ctx, tr("Add %1").arg(
                            QString::fromStdString(feature.name.empty() ? feature.layerId : feature.name)))
    , mFeature(std::move(feature))
{
  mFeature.id = 0;
}

std::vector<std::int64_t> AddFeatureCommand::apply()
{
  const std::int64_t id = mCtx.store().addFeature(mCtx.user(), mFeature);
  if (mId == 0)
    mId = id;
  else
    mCtx.remap(mCtx.currentId(mId), id);
  return {id};
}

std::vector<std::int64_t> AddFeatureCommand::revert()
{
  const std::int64_t id = mCtx.currentId(mId);
  mCtx.store().deleteFeature(mCtx.user(), id);
  return {id};
}

// ---- DeleteFeatureCommand

DeleteFeatureCommand::DeleteFeatureCommand(EditContext &ctx, std::int64_t featureId)
    : StoreCommand(ctx, tr("Delete %1").arg(featureLabel(ctx.store(), ctx.currentId(featureId))))
    , mId(featureId)
{
}

std::vector<std::int64_t> DeleteFeatureCommand::apply()
{
  mSaved = currentFeature(mId);
  mCtx.store().deleteFeature(mCtx.user(), mSaved.id);
  return {mSaved.id};
}

std::vector<std::int64_t> DeleteFeatureCommand::revert()
{
  data::Feature f = mSaved;
  f.id = 0;
  const std::int64_t id = mCtx.store().addFeature(mCtx.user(), f);
  mCtx.remap(mSaved.id, id);
  return {id};
}

// ---- ChangeGeometryCommand

ChangeGeometryCommand::ChangeGeometryCommand(EditContext &ctx, std::int64_t featureId, gis::Geometry geometry)
    : StoreCommand(ctx, tr("Change shape of %1").arg(featureLabel(ctx.store(), ctx.currentId(featureId))))
    , mId(featureId)
    , mNew(std::move(geometry))
{
}

std::vector<std::int64_t> ChangeGeometryCommand::apply()
{
  data::Feature f = currentFeature(mId);
  mOld = f.geometry;
  f.geometry = mNew;
  mCtx.store().updateFeature(mCtx.user(), f);
  return {f.id};
}

std::vector<std::int64_t> ChangeGeometryCommand::revert()
{
  data::Feature f = currentFeature(mId);
  f.geometry = mOld;
  mCtx.store().updateFeature(mCtx.user(), f);
  return {f.id};
}

// ---- ChangeAttributesCommand

ChangeAttributesCommand::ChangeAttributesCommand(EditContext &ctx, std::int64_t featureId, std::string name,
                                                 data::Attributes attributes)
    : StoreCommand(ctx, tr("Edit attributes of %1").arg(featureLabel(ctx.store(), ctx.currentId(featureId))))
    , mId(featureId)
    , mNewName(std::move(name))
    , mNew(std::move(attributes))
{
}

std::vector<std::int64_t> ChangeAttributesCommand::apply()
{
  data::Feature f = currentFeature(mId);
  mOldName = f.name;
  mOld = f.attributes;
  f.name = mNewName;
  f.attributes = mNew;
  mCtx.store().updateFeature(mCtx.user(), f);
  return {f.id};
}

std::vector<std::int64_t> ChangeAttributesCommand::revert()
{
  data::Feature f = currentFeature(mId);
  f.name = mOldName;
  f.attributes = mOld;
  mCtx.store().updateFeature(mCtx.user(), f);
  return {f.id};
}

// ---- SplitLineCommand

SplitLineCommand::SplitLineCommand(EditContext &ctx, std::int64_t featureId, double chainageM)
    : StoreCommand(ctx, tr("Split %1").arg(featureLabel(ctx.store(), ctx.currentId(featureId))))
    , mId(featureId)
    , mChainage(chainageM)
{
}

std::vector<std::int64_t> SplitLineCommand::apply()
{
  data::Feature f = currentFeature(mId);
  const std::string what = "split " + (f.name.empty() ? "feature " + std::to_string(f.id) : f.name);
  if (f.geometry.type() != gis::Geometry::Type::LineString)
    throw data::StoreError(data::StoreError::Kind::Invalid, what + ": only a single line can be split");
  if (const auto n = mCtx.store().events(f.id).size(); n > 0)
    throw data::StoreError(
        data::StoreError::Kind::Invalid,
        what + ": it has " + std::to_string(n) +
            " progress event(s) whose chainages would move; split lines before marking them");
  const gis::LinearRef ref(f.geometry.asLineString());
  // Keep both parts long enough to mark and to draw.
  constexpr double kMinPart = 1.0;
  if (!(mChainage >= kMinPart && mChainage <= ref.length() - kMinPart))
    throw data::StoreError(data::StoreError::Kind::Invalid, what + ": chainage " + std::to_string(mChainage) +
                                                                " m is not inside the line (0–" +
                                                                std::to_string(ref.length()) + " m)");
  mOld = f.geometry;
  data::Feature rest = f;
  rest.id = 0;
  rest.geometry = gis::Geometry::lineString(ref.subLine(mChainage, ref.length()));
  if (!f.code.empty()) {
    for (int k = 2;; ++k) {
      rest.code = f.code + "-" + std::to_string(k);
      if (!mCtx.store().featureByCode(rest.code)) break;
    }
  }
  f.geometry = gis::Geometry::lineString(ref.subLine(0, mChainage));
  mCtx.store().updateFeature(mCtx.user(), f);
  const std::int64_t id = mCtx.store().addFeature(mCtx.user(), rest);
  if (mNewId == 0)
    mNewId = id;
  else
    mCtx.remap(mCtx.currentId(mNewId), id);
  return {f.id, id};
}

std::vector<std::int64_t> SplitLineCommand::revert()
{
  const std::int64_t restId = mCtx.currentId(mNewId);
  mCtx.store().deleteFeature(mCtx.user(), restId);
  data::Feature f = currentFeature(mId);
  f.geometry = mOld;
  mCtx.store().updateFeature(mCtx.user(), f);
  return {f.id, restId};
}

} // namespace layers
