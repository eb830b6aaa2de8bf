using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// Every key the adapter uses, built in one place. Hash tags keep the keys that one script touches in one cluster
/// slot: <c>{u:openid}</c> for a WeChat user's session, de-duplication records and member profile; <c>{m:id}</c> for a
/// member's study state and ledger; <c>{org}</c> for the roster; <c>{qbank}</c> for the question bank; <c>{acct}</c> for console accounts and their sessions; <c>{mm}</c> for matchmaking and <c>{mt:id}</c> per match; one tag per
/// due-queue bucket (<see cref="QueueLayout"/>), so the reminder queue spreads over the cluster.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public RedisKey Session(string openId) => prefix + "{u:" + openId + "}:session";

    public RedisKey Inbox(string openId, string inboxKey) => prefix + "{u:" + openId + "}:in:" + inboxKey;

    public RedisKey Profile(string openId) => prefix + "{u:" + openId + "}:profile";

    public RedisKey Shared(string key) => prefix + "shared:" + key;

    public RedisKey Member(string memberId) => prefix + "{org}:m:" + memberId;

    public RedisKey Members => prefix + "{org}:members";

    public RedisKey BranchMembers(string branchId) => prefix + "{org}:bm:" + branchId;

    /// <summary>Set once every member is in its branch's set (imports keep them in step afterwards).</summary>
    public RedisKey BranchIndexReady => prefix + "{org}:bm-ready";

    /// <summary>The members of a branch's set (<see cref="BranchMembers"/>) who left the roll, so its count of those on it is two SCARDs.</summary>
    public RedisKey BranchLeft(string branchId) => prefix + "{org}:bl:" + branchId;

    /// <summary>Set once every former member is in their branch's left set (leaving keeps them in step afterwards).</summary>
    public RedisKey BranchLeftReady => prefix + "{org}:bl-ready";

    public RedisKey Name(string name) => prefix + "{org}:name:" + name;

    public RedisKey Unit(string unitId) => prefix + "{org}:u:" + unitId;

    public RedisKey Units => prefix + "{org}:units";

    public RedisKey OpenIdIndex(string openId) => prefix + "{org}:oid:" + openId;

    /// <summary>A member's history (left, moved, erased), a list of JSON entries, oldest first.</summary>
    public RedisKey MemberHistory(string memberId) => prefix + "{org}:mh:" + memberId;

    /// <summary>Set when the user's member left the roll: their messages get a polite "no longer on the roster".</summary>
    public RedisKey FormerMember(string openId) => prefix + "{u:" + openId + "}:former";

    public RedisKey BindingCode(string code) => prefix + "{org}:code:" + code;

    public RedisKey Seen(string memberId) => prefix + "{m:" + memberId + "}:seen";

    public RedisKey Book(string memberId) => prefix + "{m:" + memberId + "}:book";

    public RedisKey Ledger(string memberId) => prefix + "{m:" + memberId + "}:ledger";

    public RedisKey Points(string memberId) => prefix + "{m:" + memberId + "}:pts";

    public RedisKey Ranking(string? branchId, string period) => prefix + "rank:" + (branchId is null ? "org" : "b:" + branchId) + ":" + period;

    /// <summary>The set of every ranking key written, so a rebuild can drop the boards the ledger no longer yields.</summary>
    public RedisKey RankingBoards => prefix + "rank:boards";

    public RedisKey MeetingInfo(string meetingId) => prefix + "{mtg:" + meetingId + "}:info";

    public RedisKey Attendance(string meetingId) => prefix + "{mtg:" + meetingId + "}:att";

    public RedisKey MeetingPhotos(string meetingId) => prefix + "{mtg:" + meetingId + "}:photos";

    public RedisKey MeetingPhotoOrder(string meetingId) => prefix + "{mtg:" + meetingId + "}:photo-order";

    /// <summary>The meeting's record document: a hash of <c>v</c> (version) and <c>doc</c> (JSON), compare-and-set on <c>v</c>.</summary>
    public RedisKey MeetingRecord(string meetingId) => prefix + "{mtg:" + meetingId + "}:record";

    /// <summary>Each of the meeting's photos' archive state (JSON), by photo id.</summary>
    public RedisKey MeetingPhotoArchive(string meetingId) => prefix + "{mtg:" + meetingId + "}:photo-arch";

    /// <summary>The photos waiting to be archived: a sorted set of "meeting id \n photo id" by due time (ms), a claim moves it past its lease.</summary>
    public RedisKey PhotoArchiveQueue => prefix + "photos:archive";

    public RedisKey BranchMeetings(string branchId) => prefix + "mtgb:" + branchId;

    public RedisKey MemberMeetings(string memberId) => prefix + "{m:" + memberId + "}:mtg";

    public RedisKey MeetingsToClose => prefix + "mtg:closing";

    /// <summary>A meeting's 补学 tasks, one field per member.</summary>
    public RedisKey MakeUp(string meetingId) => prefix + "{mtg:" + meetingId + "}:mku";

    /// <summary>The meetings a member owes (or owed) 补学 for.</summary>
    public RedisKey MemberMakeUp(string memberId) => prefix + "{m:" + memberId + "}:mku";

    /// <summary>A member's 党员积分 entries of one year, one field per source.</summary>
    public RedisKey MemberPoints(string memberId, int year) => prefix + "{m:" + memberId + "}:mp:" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A member's 党员积分 version: orders the ranking writes of concurrent changes.</summary>
    public RedisKey MemberPointsVersion(string memberId) => prefix + "{m:" + memberId + "}:mpv";

    /// <summary>A branch's 党员积分 ranking of one year (<c>:z</c>) and the member versions it reflects (<c>:v</c>).</summary>
    public RedisKey PointsRanking(string branchId, int year, string part) => prefix + "{mpr:" + branchId + ":" + year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}:" + part;

    /// <summary>A branch's 谈心谈话 records of one year, one field per talk.</summary>
    public RedisKey Talks(string branchId, int year) => prefix + "talks:" + branchId + ":" + year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // One due-queue bucket: every key of a bucket carries its tag (see QueueLayout), so each queue script stays in one slot.
    public RedisKey QueueDue(string tag) => prefix + "{" + tag + "}:due";

    public RedisKey QueueLeased(string tag) => prefix + "{" + tag + "}:proc";

    public RedisKey QueueJobs(string tag) => prefix + "{" + tag + "}:jobs";

    public RedisKey QueueOfMeeting(string tag, string meetingId) => prefix + "{" + tag + "}:m:" + meetingId;

    /// <summary>The bucket counts the queue's jobs may be laid out in (more than one while a change of count drains).</summary>
    public RedisKey QueueLayouts => prefix + "rq:layouts";

    /// <summary>An exactly-once guard: one key per delivery and no hash tag, so the guards spread over every slot.</summary>
    public RedisKey Delivery(string deliveryKey) => prefix + "rqd:" + deliveryKey;

    /// <summary>Where a version before queue buckets kept a guard; read while its queue layout still holds jobs.</summary>
    public RedisKey LegacyDelivery(string deliveryKey) => prefix + "{rq}:d:" + deliveryKey;

    public RedisKey DeliveryProblems => prefix + "{dp}:problems";

    public RedisKey DeliveryProblemCounts => prefix + "{dp}:counts";

    public RedisKey Outcomes(string meetingId) => prefix + "out:" + meetingId;

    public RedisKey Room(string roomId, string part) => prefix + "{room:" + roomId + "}:" + part;

    public RedisKey RoomCode(string code) => prefix + "roomcode:" + code;

    public RedisKey ActiveRooms => prefix + "rooms:active";

    public RedisKey RoomResults => prefix + "rooms:results";

    /// <summary>Matchmaking of 对战 and 四人赛: the queues, who is where, pending and due matches share one slot, so each step is one script.</summary>
    public RedisKey Matchmaking(string part) => prefix + "{mm}:" + part;

    /// <summary>One match's keys share its tag, so an answer is one script.</summary>
    public RedisKey Match(string matchId, string part) => prefix + "{mt:" + matchId + "}:" + part;

    public RedisKey Questions => prefix + "{qbank}:q";

    public RedisKey WrongCounts => prefix + "wrong:q";

    public RedisKey QuestionsVersion => prefix + "{qbank}:v";

    public RedisKey Account(string name) => prefix + "{acct}:a:" + name;

    public RedisKey Accounts => prefix + "{acct}:names";

    public RedisKey ConsoleSession(string tokenDigest) => prefix + "{acct}:s:" + tokenDigest;

    public RedisKey Audit(string? branchId) => prefix + "audit:" + (branchId is null ? "org" : "b:" + branchId);

    /// <summary>Star ratings share one tag: fields, award histories and their current state, per-period snapshots.</summary>
    public RedisKey Stars(string part) => prefix + "{stars}:" + part;

    /// <summary>Monthly bulletins and their list share one tag, so adding one is one script.</summary>
    public RedisKey Bulletins(string part) => prefix + "{bul}:" + part;
}
