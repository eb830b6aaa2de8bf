using BranchBot.Core.Accounts;
using BranchBot.Core.Audit;
using BranchBot.Core.Bulletins;
using BranchBot.Core.Competitions;
using BranchBot.Core.Inbox;
using BranchBot.Core.Matches;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Ratings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Study;
using BranchBot.Core.Talks;

namespace BranchBot.Core.Storage;

/// <summary>
/// Every store port in one: what a store adapter (the embedded memory store, Redis) implements whole. The host
/// registers each port listed here against the one store it runs on, so a new port is added here and nowhere else.
/// </summary>
public interface IBotStore :
    IConversationStore,
    ISharedState,
    IStoreHealth,
    IMemberStore,
    IMemberLifecycleStore,
    IStudyStore,
    IRankingStore,
    IQuestionStore,
    IMeetingStore,
    IMakeUpStore,
    IMeetingRecords,
    IPhotoArchiveQueue,
    IMemberPointsStore,
    ITalkStore,
    IReminderQueue,
    IDeliveryProblems,
    ICompetitionStore,
    IMatchStore,
    IAccountStore,
    IAuditLog,
    IRatingStore,
    IBulletinStore;
