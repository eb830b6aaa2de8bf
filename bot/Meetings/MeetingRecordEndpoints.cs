using System.Security.Claims;
using BranchBot.Adapters.Documents.Docx;
using BranchBot.Adapters.Documents.Xlsx;
using BranchBot.Bot.Admin;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Meetings;

/// <summary>
/// A meeting's record (会议记录) for its branch's secretaries and admins: read, edit (compare-and-set on
/// <c>version</c>: a stale version is a 409 with the current one), sign off, reopen with a reason; and the downloads:
/// the record as .docx, attendance as .xlsx.
/// </summary>
internal static class MeetingRecordEndpoints
{
    public static RouteGroupBuilder MapMeetingRecordEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/attendance.xlsx", BranchReportXlsxAsync);

        // MeetingScope loads the meeting once and refuses one outside the caller's branch.
        var meeting = api.MapScoped<Meeting>("/meetings");
        meeting.MapGet("/{id}/record", GetAsync);
        meeting.MapPut("/{id}/record", EditAsync);
        meeting.MapPost("/{id}/record/sign-off", SignOffAsync);
        meeting.MapPost("/{id}/record/reopen", ReopenAsync);
        meeting.MapGet("/{id}/record.docx", DocxAsync);
        meeting.MapGet("/{id}/attendance.xlsx", AttendanceXlsxAsync);
        return api;
    }

    private static async Task<Ok<RecordView>> GetAsync(InScope<Meeting> meeting, MeetingRecordService records, IMeetingRecords store, IMemberStore members, IPhotoArchiveQueue photoStates, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(meeting.Value, await records.GetAsync(meeting.Value, ct), store, members, photoStates, ct));

    private static async Task<Results<Ok<RecordView>, ValidationProblem, ProblemHttpResult>> EditAsync(
        InScope<Meeting> meeting, RecordRequest request, ClaimsPrincipal user, MeetingRecordService records, IMeetingRecords store, IMemberStore members, IPhotoArchiveQueue photoStates, CancellationToken ct)
    {
        if (request.Version is not { } version || version < 0)
        {
            return ApiProblems.Invalid("version", "请提供读取时的 version");
        }

        var edit = new RecordEdit(request.Agenda, request.HostMemberId, request.RecorderMemberId, request.Minutes, request.Resolutions);
        return await AnswerAsync(meeting.Value, await records.EditAsync(meeting.Value, edit, version, user.Caller().Name, ct), store, members, photoStates, ct);
    }

    private static async Task<Results<Ok<RecordView>, ValidationProblem, ProblemHttpResult>> SignOffAsync(
        InScope<Meeting> meeting, VersionRequest request, ClaimsPrincipal user, MeetingRecordService records, IMeetingRecords store, IMemberStore members, IPhotoArchiveQueue photoStates, CancellationToken ct)
    {
        if (request.Version is not { } version || version < 0)
        {
            return ApiProblems.Invalid("version", "请提供读取时的 version");
        }

        return await AnswerAsync(meeting.Value, await records.SignOffAsync(meeting.Value, version, user.Caller().Name, ct), store, members, photoStates, ct);
    }

    private static async Task<Results<Ok<RecordView>, ValidationProblem, ProblemHttpResult>> ReopenAsync(
        InScope<Meeting> meeting, ReopenRequest request, ClaimsPrincipal user, MeetingRecordService records, IMeetingRecords store, IMemberStore members, IPhotoArchiveQueue photoStates, CancellationToken ct)
    {
        if (request.Version is not { } version || version < 0)
        {
            return ApiProblems.Invalid("version", "请提供读取时的 version");
        }

        return await AnswerAsync(meeting.Value, await records.ReopenAsync(meeting.Value, version, request.Reason, user.Caller().Name, ct), store, members, photoStates, ct);
    }

    private static async Task<Results<Ok<RecordView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Meeting meeting, RecordResult result, IMeetingRecords store, IMemberStore members, IPhotoArchiveQueue photoStates, CancellationToken ct)
    {
        if (result.Record is { } record)
        {
            return TypedResults.Ok(await ViewAsync(meeting, record, store, members, photoStates, ct));
        }

        if (result.Invalid is { } invalid)
        {
            return ApiProblems.Invalid(invalid);
        }

        if (result.Conflict is { } current)
        {
            return TypedResults.Problem(
                $"会议记录已被他人修改（当前版本 {current.Version}），请刷新后再改。", statusCode: StatusCodes.Status409Conflict, title: "无法完成",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = current.Version });
        }

        return TypedResults.Problem(result.Refused ?? "无法保存会议记录", statusCode: StatusCodes.Status409Conflict, title: "无法完成",
            extensions: new Dictionary<string, object?> { ["locked"] = (await store.GetRecordAsync(meeting.Id, ct))?.Locked ?? false });
    }

    private static async Task<FileContentHttpResult> DocxAsync(InScope<Meeting> meeting, MeetingRecordSheets sheets, CancellationToken ct) =>
        TypedResults.File(MeetingRecordDocument.Render(await sheets.BuildAsync(meeting.Value, ct)), MeetingRecordDocument.ContentType, FileName("会议记录", meeting.Value, "docx"));

    private static async Task<FileContentHttpResult> AttendanceXlsxAsync(InScope<Meeting> meeting, AttendanceReports reports, CancellationToken ct) =>
        TypedResults.File(XlsxWriter.Write(await reports.MeetingTableAsync(meeting.Value, ct)), XlsxWriter.ContentType, FileName("考勤", meeting.Value, "xlsx"));

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> BranchReportXlsxAsync(
        ClaimsPrincipal user, AttendanceReports reports, TimeProvider time, string? branchId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        await MeetingEndpoints.BranchReportFileAsync(user, reports, time, branchId, from, to, XlsxWriter.Write, XlsxWriter.ContentType, "xlsx", ct);

    /// <summary>考勤-党课 学习…-2026-12-01.xlsx: Chinese names go out as RFC 5987 <c>filename*</c> (ASP.NET adds it), with an ASCII fallback.</summary>
    internal static string FileName(string what, Meeting meeting, string extension)
    {
        var title = new string(meeting.Title.Where(c => !char.IsControl(c) && c is not ('/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray());
        return $"{what}-{title}-{ChinaTime.Local(meeting.Start):yyyy-MM-dd}.{extension}";
    }

    private static async Task<RecordView> ViewAsync(Meeting meeting, MeetingRecord record, IMeetingRecords store, IMemberStore members, IPhotoArchiveQueue photoStates, CancellationToken ct)
    {
        var photos = await store.ListPhotosAsync(meeting.Id, ct);
        var ids = photos.Select(p => p.MemberId).Append(record.HostMemberId).Append(record.RecorderMemberId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var names = (await members.GetManyAsync(ids, ct)).ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        string? Name(string? id) => id is null ? null : names.GetValueOrDefault(id);
        return new RecordView(meeting.Id, record.Version, record.Agenda, record.HostMemberId, Name(record.HostMemberId), record.RecorderMemberId, Name(record.RecorderMemberId),
            record.Minutes, record.Resolutions, record.Locked, record.EverSignedOff, record.SignedOff?.By, record.SignedOff?.At,
            record.SignedOff is { } s ? ChinaTime.Format(s.At) : null,
            await MeetingPhotoEndpoints.ViewsAsync(meeting.Id, photos, id => Name(id), photoStates, ct),
            RecordLimitsView.Instance);
    }

    /// <summary>The record form: <c>version</c> as read; a null field stays as it is, "" clears 主持人 or 记录人.</summary>
    internal sealed record RecordRequest(long? Version, IReadOnlyList<string>? Agenda, string? HostMemberId, string? RecorderMemberId, string? Minutes, IReadOnlyList<string>? Resolutions);

    internal sealed record VersionRequest(long? Version);

    internal sealed record ReopenRequest(long? Version, string? Reason);

    internal sealed record RecordView(string MeetingId, long Version, IReadOnlyList<string> Agenda, string? HostMemberId, string? HostName, string? RecorderMemberId,
        string? RecorderName, string Minutes, IReadOnlyList<string> Resolutions, bool Locked, bool EverSignedOff, string? SignedOffBy, DateTimeOffset? SignedOffAt,
        string? SignedOffText, IReadOnlyList<MeetingPhotoEndpoints.PhotoView> Photos, RecordLimitsView Limits);

    /// <summary>The limits the console shows beside the fields (it keeps no copy of its own).</summary>
    internal sealed record RecordLimitsView(int MaxAgendaItems, int MaxAgendaItemLength, int MaxMinutesLength, int MaxResolutions, int MaxResolutionLength, int MaxReasonLength)
    {
        public static readonly RecordLimitsView Instance = new(RecordLimits.MaxAgendaItems, RecordLimits.MaxAgendaItemLength, RecordLimits.MaxMinutesLength,
            RecordLimits.MaxResolutions, RecordLimits.MaxResolutionLength, RecordLimits.MaxReasonLength);
    }
}
