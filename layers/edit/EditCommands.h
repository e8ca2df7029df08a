#pragma once

// Every change a user makes to a project — feature edits (planners) and progress marks (planners,
// engineers) — is one of these QUndoCommands, each applied as one store transaction. Undoing a mark
// appends a Retraction event: nothing a user marked is ever deleted.

#include "data/store/Store.h"

#include <QObject>
#include <QUndoCommand>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace layers {

// What the commands work on: the open project's store and the acting user. The GUI listens to its
// signals to refresh the map and panels. Must outlive every command pushed with it.
class EditContext : public QObject
{
  Q_OBJECT
public:
  EditContext(data::Store &store, std::string user, QObject *parent = nullptr);
  data::Store &store() const { return mStore; }
  const std::string &user() const { return mUser; }
  void setUser(std::string user) { mUser = std::move(user); }

  // A feature re-created by undo/redo gets a new id from the store; commands keep the id they first
  // saw and ask for the feature's current id here.
  std::int64_t currentId(std::int64_t id) const;
  void remap(std::int64_t oldId, std::int64_t newId);

  // Called by the commands.
  void notifyChanged(const std::vector<std::int64_t> &featureIds);
  void notifyFailed(const std::string &message);
  const std::string &lastError() const { return mLastError; }

signals:
  // Features whose geometry, attributes, status or existence changed (current ids).
  void featuresChanged(const QList<qint64> &featureIds);
  // A command the store refused (role, validation, conflict); the command was dropped from the stack.
  void commandFailed(const QString &message);

private:
  data::Store &mStore;
  std::string mUser;
  std::map<std::int64_t, std::int64_t> mIds;
  std::string mLastError;
};

// Base of every command: runs apply()/revert() in one store transaction. When the store refuses,
// nothing is changed, the context reports why and the command marks itself obsolete, so QUndoStack
// drops it instead of keeping a step that did not happen.
class StoreCommand : public QUndoCommand
{
public:
  void redo() final;
  void undo() final;

protected:
  StoreCommand(EditContext &ctx, const QString &text);
  // Both return the (current) ids of the features they touched.
  virtual std::vector<std::int64_t> apply() = 0;
  virtual std::vector<std::int64_t> revert() = 0;
  data::Feature currentFeature(std::int64_t id) const; // throws StoreError(NotFound)

  EditContext &mCtx;

private:
  void run(bool forward);
};

class AddFeatureCommand : public StoreCommand
{
public:
  AddFeatureCommand(EditContext &ctx, data::Feature feature);
  // The id the feature got when first added (map it with EditContext::currentId); 0 before.
  std::int64_t featureId() const { return mId; }

protected:
  std::vector<std::int64_t> apply() override;
  std::vector<std::int64_t> revert() override;

private:
  data::Feature mFeature;
  std::int64_t mId = 0;
};

class DeleteFeatureCommand : public StoreCommand
{
public:
  DeleteFeatureCommand(EditContext &ctx, std::int64_t featureId);

protected:
  std::vector<std::int64_t> apply() override;
  std::vector<std::int64_t> revert() override;

private:
  std::int64_t mId;
  data::Feature mSaved;
};

// Moving a feature, editing its vertices, reshaping a polygon: a new geometry for a feature.
class ChangeGeometryCommand : public StoreCommand
{
public:
  ChangeGeometryCommand(EditContext &ctx, std::int64_t featureId, gis::Geometry geometry);

protected:
  std::vector<std::int64_t> apply() override;
  std::vector<std::int64_t> revert() override;

private:
  std::int64_t mId;
  gis::Geometry mNew;
  gis::Geometry mOld;
};

class ChangeAttributesCommand : public StoreCommand
{
public:
  ChangeAttributesCommand(EditContext &ctx, std::int64_t featureId, std::string name,
                          data::Attributes attributes);

protected:
  std::vector<std::int64_t> apply() override;
  std::vector<std::int64_t> revert() override;

private:
  std::int64_t mId;
  std::string mNewName;
  data::Attributes mNew;
  std::string mOldName;
  data::Attributes mOld;
};

// Splits a line at a chainage: the feature keeps the first part, a new feature of the same layer
// (same name and attributes, code suffixed "-2", "-3", ...) takes the rest. Refused for a line with
// progress events, whose chainages would no longer mean the same place.
class SplitLineCommand : public StoreCommand
{
public:
  SplitLineCommand(EditContext &ctx, std::int64_t featureId, double chainageM);
  std::int64_t newFeatureId() const { return mNewId; }

protected:
  std::vector<std::int64_t> apply() override;
  std::vector<std::int64_t> revert() override;

private:
  std::int64_t mId;
  double mChainage;
  gis::Geometry mOld;
  std::int64_t mNewId = 0;
};

// One or more progress events (status, stretch or correction), each with its photos, appended in
// one transaction. Undo appends a Retraction for each; redo appends them again as new events.
class MarkCommand : public StoreCommand
{
public:
  struct Mark
  {
    data::Event event; // featureId, kind, status, fromM/toM, date, note; user is set from the context
    std::vector<data::Attachment> photos;
  };
  MarkCommand(EditContext &ctx, std::vector<Mark> marks);
  MarkCommand(EditContext &ctx, data::Event event, std::vector<data::Attachment> photos = {});
  // The events as stored by the latest redo (uuids change with each redo).
  const std::vector<data::Event> &stored() const { return mStored; }

protected:
  std::vector<std::int64_t> apply() override;
  std::vector<std::int64_t> revert() override;

private:
  std::vector<Mark> mMarks;
  std::vector<data::Event> mStored;
};

} // namespace layers
