using BranchBot.Core.Common;
using BranchBot.Core.Members;
using BranchBot.Core.Meetings;

namespace BranchBot.Core.Talks;

/// <summary>What recording a talk gave: the talk (and whether it was new), or the field that was wrong.</summary>
public sealed record TalkResult(Talk? Talk, bool Added, FieldError? Invalid);

/// <summary>Records 谈心谈话 (two members of one branch, a date, a note) and computes the yearly picture.</summary>
public sealed class TalkService(ITalkStore talks, IMemberStore members, TimeProvider time)
{
    public async Task<TalkResult> RecordAsync(string branchId, string first, string second, DateOnly? date, string? note, string recordedBy, CancellationToken cancellationToken)
    {
        if (first == second)
        {
            return new(null, false, new FieldError("memberB", "谈心谈话须是两位不同的党员。"));
        }

        if (note is { Length: > Talk.MaxNote })
        {
            return new(null, false, new FieldError("note", $"备注请控制在 {Talk.MaxNote} 字以内。"));
        }

        var today = DateOnly.FromDateTime(ChinaTime.Local(time.GetUtcNow()).DateTime);
        var day = date ?? today;
        if (day > today || day.Year < today.Year - 1)
        {
            return new(null, false, new FieldError("date", "日期须是今天或之前（最早上一年）。"));
        }

        var found = (await members.GetManyAsync([first, second], cancellationToken)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var (id, field) in new[] { (first, "memberA"), (second, "memberB") })
        {
            if (!found.TryGetValue(id, out var member) || member.BranchId != branchId)
            {
                return new(null, false, new FieldError(field, "请选择本支部的党员。"));
            }

            // A talk held before the member left may still be recorded; none after.
            if (!member.IsActive && (member.StandingSince is not { } left || day > left))
            {
                return new(null, false, new FieldError(field, $"{member.Name} 已{MemberStandings.NameOf(member.Standing)}，不能登记此后的谈心谈话。"));
            }
        }

        var talk = Talk.Create(branchId, first, second, day, note, recordedBy, time.GetUtcNow());
        return new(talk, await talks.AddTalkAsync(talk, cancellationToken), null);
    }

    public async Task<(TalkCompliance Compliance, IReadOnlyList<Talk> Talks)> YearAsync(string branchId, int year, CancellationToken cancellationToken)
    {
        var list = talks.ListTalksAsync(branchId, year, cancellationToken);
        var roster = (await members.QueryAsync(new MemberQuery(branchId, null, null, 0, int.MaxValue), cancellationToken)).Items;
        var recorded = await list;
        return (TalkCompliance.Of(year, roster, recorded), recorded);
    }
}
