#pragma once

#include "data/store/Model.h"
#include "gis/LinearRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace layers {

struct TrackOptions
{
  double distanceM = 15;  // a track point follows a line when it is at most this far from it
  double minLengthM = 30; // shorter stretches are crossings or bridges, not inspections
  double stepM = 5;       // the track is densified so its points are at most this far apart
};

// A stretch of a line feature that a track followed, in chainage metres along the line.
struct ProposedStretch
{
  std::int64_t featureId = 0;
  std::string code;
  std::string name;
  double fromM = 0;
  double toM = 0;
  double lineLengthM = 0; // the whole line's length, the range an adjusted end may take
  // An end the walk stopped short of, within the match distance of the line's end, moved to it.
  bool extendedFrom = false;
  bool extendedTo = false;
  double lengthM() const { return toM - fromM; }
};

// Reads a GPS track as lon/lat paths: GPX tracks and routes (or, without lines, the track points in
// order) and the lines of any other OGR file, transformed to WGS84. Throws std::runtime_error naming
// the file when it cannot be read or holds no track.
std::vector<gis::LineString> readTrack(const std::string &path);

// The local date (YYYY-MM-DD) of a track's last timed point: the day the walk was done. "" when the
// file has no times (a "time" field, as GPX track points have).
std::string readTrackDate(const std::string &path);

// Proposes the stretches of the given line features that a track follows. Features whose geometry is
// not a single LineString are not matched (chainage is defined on one line only).
class TrackMatcher
{
public:
  explicit TrackMatcher(const std::vector<data::Feature> &lines, TrackOptions options = {});
  // Stretches ordered by feature id, then chainage.
  std::vector<ProposedStretch> match(const std::vector<gis::LineString> &track) const;
  const TrackOptions &options() const { return mOptions; }

private:
  struct Line
  {
    std::int64_t id;
    std::string code;
    std::string name;
    gis::LinearRef ref;
    gis::Envelope searchBox; // the line's envelope grown by the match distance
  };
  // Moves ends within the match distance of the line's ends to them.
  ProposedStretch toEnds(ProposedStretch s) const;

  std::vector<Line> mLines;
  TrackOptions mOptions;
};

} // namespace layers
