#include "app/core/Project.h"

#include "data/postgis/PgConnection.h"
#include "data/store/Store.h"
#include "data/store/StoreError.h"
#include "data/sync/Sync.h"
#include "layers/edit/EditCommands.h"

#include <QFileInfo>
#include <QUndoStack>

#include <utility>

namespace core {

// A map read on a worker: the store it came from (an open), the map and, for an open, whether the
// project is a field copy.
struct Project::Read
{
  std::shared_ptr<data::Store> store;
  std::shared_ptr<const layers::MapData> map;
  bool fieldCopy = false;
};

namespace {

QString displayName(const QString &path)
{
  return data::isConnectionString(path.toStdString())
             ? QString::fromStdString(data::connectionWithoutPassword(path.toStdString()))
             : QFileInfo(path).fileName();
}

} // namespace

Project::Project(QObject *parent)
    : QObject(parent)
    , mStack(new QUndoStack(this))
{
  mOpenLane = mTasks.addLane(QStringLiteral("open"), TaskRunner::Policy::LatestWins);
  mReadLane = mTasks.addLane(QStringLiteral("map"), TaskRunner::Policy::LatestWins);
  mFreeLane = mTasks.addLane(QStringLiteral("free"), TaskRunner::Policy::Queue);
  connect(&mTasks, &TaskRunner::busyChanged, this, &Project::busyChanged);
}

Project::~Project()
{
  // The undo stack's commands refer to the edit context: they go first.
  mStack->clear();
}

QString Project::title() const
{
  return mStore ? QString::fromStdString(mStore->meta("title")) : QString();
}

bool Project::isSynthetic() const
{
  return mStore && mStore->isSynthetic();
}

bool Project::isBusy() const
{
  return mOpening || mReloadRunning || mReloadPending || mTasks.isBusy();
}

bool Project::open(const QString &path)
{
  if (mOpening) return false;
  mOpening = true;
  mOpeningPath = path;
  emit opening(displayName(path));
  emit loadingChanged(true, tr("Opening %1…").arg(displayName(path)));
  const std::string file = path.toStdString();
  const std::string asOf = mAsOf.toStdString();
  mTasks.run(
      mOpenLane,
      [file, asOf](const TaskContext &) {
        Read r;
        r.store = std::shared_ptr<data::Store>(data::openProject(file));
        // Asked here once: data::isFieldCopy opens the file again.
        r.fieldCopy = !data::isConnectionString(file) && data::isFieldCopy(file);
        r.map = layers::MapData::fromStore(*r.store, asOf);
        return r;
      },
      [this, path](TaskResult<Read> result) {
        if (result.cancelled) {
          if (result.value)
            releaseLater(std::move(result.value->map)), releaseLater(std::move(result.value->store));
          return;
        }
        mOpening = false;
        emit loadingChanged(false, {});
        if (!result.ok()) {
          OpenError kind = OpenError::Failed;
          try {
            std::rethrow_exception(result.error);
          } catch (const data::StoreError &e) {
            if (e.kind() == data::StoreError::Kind::NeedsPassword) kind = OpenError::NeedsPassword;
          } catch (...) {
          }
          emit openFailed(path, kind, QString::fromStdString(result.message()));
          return;
        }
        opened(std::move(*result.value));
      });
  return true;
}

void Project::cancelOpen()
{
  if (!mOpening) return;
  mTasks.cancel(mOpenLane);
  mOpening = false;
  emit loadingChanged(false, {});
}

void Project::opened(Read read)
{
  if (mStore) emit projectClosing();
  closeEditing();
  std::shared_ptr<data::Store> oldStore = std::exchange(mStore, std::move(read.store));
  std::shared_ptr<const layers::MapData> oldMap = std::exchange(mMap, std::move(read.map));
  mTasks.cancel(mReadLane); // a read of the previous project still running is dropped
  mReloadPending = mWritePending = false;
  mPath = mOpeningPath;
  mFieldCopy = read.fieldCopy;
  mReadOnly = !mStore->readOnlyReason().empty();
  mEdit = std::make_unique<layers::EditContext>(*mStore, std::string());
  emit projectOpened();
  releaseLater(std::move(oldMap));
  releaseLater(std::move(oldStore));
}

void Project::closeEditing()
{
  mStack->clear();
  mEdit.reset();
  if (mUser) {
    mUser.reset();
    emit userChanged();
  }
}

void Project::setUser(const std::string &name)
{
  std::optional<data::User> user;
  if (!name.empty()) {
    if (!mStore) throw data::StoreError(data::StoreError::Kind::NotFound, "no project is open");
    if (mReadOnly)
      throw data::StoreError(data::StoreError::Kind::Unwritable,
                             mPath.toStdString() + " cannot be written (a read-only file or folder)");
    user = mStore->user(name);
    if (!user)
      throw data::StoreError(data::StoreError::Kind::UnknownUser, name + " is not a user of this project");
  }
  mUser = std::move(user);
  if (mEdit) mEdit->setUser(mUser ? mUser->name : std::string());
  emit userChanged();
}

bool Project::push(QUndoCommand *command)
{
  const int before = mStack->index();
  mStack->push(command); // a command the store refused is dropped by the stack
  return mStack->index() != before;
}

void Project::reloadMap()
{
  if (!mStore) return;
  mWritePending = true;
  if (mReloadRunning) {
    mReloadPending = true;
    return;
  }
  startReload();
}

void Project::setAsOf(const QString &date)
{
  if (date == mAsOf && mMap && mMap->asOf == date.toStdString() && !mReloadRunning) {
    emit asOfChanged(mAsOf);
    return;
  }
  mAsOf = date;
  if (mStore) {
    if (mReloadRunning)
      mReloadPending = true;
    else
      startReload();
  }
  emit asOfChanged(mAsOf);
}

void Project::startReload()
{
  mReloadPending = false;
  if (!mStore) return;
  mReloadRunning = true;
  const bool afterWrite = std::exchange(mWritePending, false);
  const QString asOf = mAsOf;
  if (!mOpening)
    emit loadingChanged(true,
                        asOf.isEmpty() ? tr("Reading the map…") : tr("Reading the map as of %1…").arg(asOf));
  mTasks.run(
      mReadLane,
      [store = mStore, date = asOf.toStdString()](const TaskContext &) {
        Read r;
        r.map = layers::MapData::fromStore(*store, date);
        return r; // the store stays out of the result: nothing holds it once the read is done
      },
      [this, asOf, afterWrite](TaskResult<Read> result) {
        Read read = result.value ? std::move(*result.value) : Read();
        if (!result.ok() && !result.cancelled && asOf == mAsOf)
          emit mapReadFailed(QString::fromStdString(result.message()));
        reloaded(std::move(read), asOf, afterWrite, result.cancelled);
      });
}

void Project::reloaded(Read read, const QString &asOf, bool afterWrite, bool cancelled)
{
  mReloadRunning = false;
  if (cancelled) { // another project was opened meanwhile
    releaseLater(std::move(read.map));
    if (mReloadPending) startReload();
    if (!mReloadRunning) emit loadingChanged(false, {});
    return;
  }
  // Newest wins: a map for a date that is no longer asked is dropped (the next read follows).
  const bool current = asOf == mAsOf;
  if (!current) mWritePending = mWritePending || afterWrite;
  if (current && read.map) {
    std::shared_ptr<const layers::MapData> old = std::exchange(mMap, std::move(read.map));
    releaseLater(std::move(old));
  }
  releaseLater(std::move(read.map)); // a map for a date no longer asked
  if (mReloadPending || (!current && mStore))
    startReload();
  else
    emit loadingChanged(false, {});
  if (current && mMap) {
    if (afterWrite) emit dataChanged();
    emit mapReloaded();
  }
}

} // namespace core
