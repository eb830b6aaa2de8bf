using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Adapters.Documents.Xlsx;
using BranchBot.Core.Common;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BranchBot.Tests.Members;

/// <summary>
/// Roster and question bank as .xlsx: read by content whatever the name, the same rows and the same row errors as the
/// CSV, and hostile files (a zip bomb, a huge sheet, a ZIP that is no workbook, a damaged file) refused clearly.
/// </summary>
public sealed class XlsxImportTests
{
    private const string Branch = "测试党委/测试第一支部";
    private static readonly XlsxReader Reader = new();

    /// <summary>A workbook whose first sheet holds <paramref name="rows"/> (row number → cells by column letter); numbers as numeric cells, text as shared or inline strings.</summary>
    internal static byte[] Workbook(IEnumerable<(int Row, (string Column, object Value)[] Cells)> rows, bool inline = false, string secondSheet = "其他")
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>();
            var sheetData = new SheetData();
            foreach (var (row, cells) in rows)
            {
                var r = new Row { RowIndex = (uint)row };
                foreach (var (column, value) in cells)
                {
                    var cell = new Cell { CellReference = column + row.ToString(CultureInfo.InvariantCulture) };
                    if (value is string text && inline)
                    {
                        cell.DataType = CellValues.InlineString;
                        cell.InlineString = new InlineString(new Text(text));
                    }
                    else if (value is string shared)
                    {
                        if (!index.TryGetValue(shared, out var i))
                        {
                            i = index[shared] = index.Count;
                            // A phonetic guide (WPS adds them) must not leak into the text.
                            strings.SharedStringTable.Append(new SharedStringItem(new Text(shared), new PhoneticRun(new Text("pinyin")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 }));
                        }

                        cell.DataType = CellValues.SharedString;
                        cell.CellValue = new CellValue(i.ToString(CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        cell.CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                    }

                    r.Append(cell);
                }

                sheetData.Append(r);
            }

            var first = workbook.AddNewPart<WorksheetPart>();
            first.Worksheet = new Worksheet(sheetData);
            var second = workbook.AddNewPart<WorksheetPart>();
            second.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("不该读到")) }) { RowIndex = 1 }));
            workbook.Workbook.AppendChild(new Sheets(
                new Sheet { Id = workbook.GetIdOfPart(first), SheetId = 1, Name = "名单" },
                new Sheet { Id = workbook.GetIdOfPart(second), SheetId = 2, Name = secondSheet }));
        }

        return stream.ToArray();
    }

    private static readonly (int, (string, object)[])[] GoodRoster =
    [
        (1, [("A", "姓名"), ("B", "手机号"), ("C", "组织"), ("D", "党小组"), ("E", "状态"), ("F", "角色")]),
        (2, [("A", "张三"), ("B", 13900000001L), ("C", Branch), ("D", "第一小组"), ("E", "正式"), ("F", "党员")]),
        // An empty 党小组 cell is simply absent: 状态 and 角色 must stay in their columns.
        (4, [("A", "李四"), ("B", 1.3900000002E10), ("C", Branch), ("E", "预备"), ("F", "党员")]),
    ];

    [Fact]
    public void Roster_AsXlsx_GivesTheSameRowsAsTheCsv_WithPhonesTypedAsNumbers()
    {
        var csv = RosterParser.Parse(Encoding.UTF8.GetBytes($"姓名,手机号,组织,党小组,状态,角色\n张三,13900000001,{Branch},第一小组,正式,党员\n\n李四,13900000002,{Branch},,预备,党员\n"));
        var xlsx = RosterParser.Parse(Workbook(GoodRoster), Reader);
        var inline = RosterParser.Parse(Workbook(GoodRoster, inline: true), Reader);

        Assert.True(xlsx.Ok, string.Join("; ", xlsx.Errors));
        Assert.Equal(Describe(csv.Rows), Describe(xlsx.Rows));
        Assert.Equal(Describe(csv.Rows), Describe(inline.Rows));
        Assert.Equal([2, 4], xlsx.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Roster_AsXlsx_ReportsTheSameErrorsAtTheRowsExcelShows()
    {
        var csv = RosterParser.Parse(Encoding.UTF8.GetBytes($"姓名,手机号,组织,党小组,状态,角色\n张三,13900000001,{Branch},,正式,党员\n王五,12345,{Branch},,正式,书记长\n张三二,13900000001,,,未知,党员\n"));
        var xlsx = RosterParser.Parse(Workbook(
        [
            (1, [("A", "姓名"), ("B", "手机号"), ("C", "组织"), ("D", "党小组"), ("E", "状态"), ("F", "角色")]),
            (2, [("A", "张三"), ("B", 13900000001L), ("C", Branch), ("E", "正式"), ("F", "党员")]),
            (3, [("A", "王五"), ("B", 12345), ("C", Branch), ("E", "正式"), ("F", "书记长")]),
            (4, [("A", "张三二"), ("B", "13900000001"), ("E", "未知"), ("F", "党员")]),
        ]), Reader);

        Assert.NotEmpty(csv.Errors);
        Assert.Equal(csv.Errors, xlsx.Errors);
    }

    [Fact]
    public void Numbers_ComeBackAsTyped()
    {
        Assert.Equal("13900000001", XlsxReader.Number("13900000001"));
        Assert.Equal("13900000001", XlsxReader.Number("1.3900000001E10"));
        Assert.Equal("3", XlsxReader.Number("3.0"));
        Assert.Equal("0.1", XlsxReader.Number("0.1"));
        Assert.Equal("0.3", XlsxReader.Number("0.30000000000000004"));
        Assert.Equal(27, XlsxReader.ColumnOf("AB12"));
    }

    [Fact]
    public void HostileFiles_AreRefusedWithOneClearError()
    {
        // A ZIP that is no workbook, a damaged workbook (cut short), and a zip bomb (a sheet part that inflates to 200 MB).
        Assert.Equal(XlsxReader.NotAWorkbook, Single(ZipWith(("readme.txt", Encoding.UTF8.GetBytes("hello")))));
        var good = Workbook(GoodRoster);
        Assert.Equal(XlsxReader.Damaged, Single(good[..(good.Length / 2)]));
        Assert.Equal(XlsxReader.Damaged, Single([.. "PK\u0003\u0004"u8, .. new byte[100]]));
        Assert.Equal(XlsxReader.TooLarge, Single(Bomb()));

        // More rows than an import takes, and a cell far to the right.
        var huge = Workbook(Enumerable.Range(1, XlsxReader.MaxRows + 2).Select(i => (i, new[] { ("A", (object)i) })));
        Assert.Equal(XlsxReader.TooManyRows, Single(huge));
        Assert.Equal(XlsxReader.TooManyColumns, Single(Workbook([(1, [("A", "姓名"), ("XFD", "远")])])));
    }

    [Fact]
    public async Task RosterAndBank_ImportThroughTheApi_AsXlsxWhateverTheNameOrContentType_AndAHostileFileIsNoServerError()
    {
        await using var bot = await MeetingBot.StartAsync();

        var (status, body) = await PostAsync(bot, "/api/members/import?dryRun=true", Workbook(GoodRoster), "text/csv");
        Assert.True(status == HttpStatusCode.OK, body);
        var report = JsonNode.Parse(body)!;
        Assert.True(report["ok"]!.GetValue<bool>(), body);
        Assert.Equal(2, report["membersAdded"]!.GetValue<int>());

        var bank = Workbook(
        [
            (1, [("A", "题型"), ("B", "题干"), ("C", "A"), ("D", "B"), ("E", "答案"), ("F", "分类")]),
            (2, [("A", "单选"), ("B", "表格里的单选题（ ）。"), ("C", "甲"), ("D", "乙"), ("E", "B"), ("F", "党章")]),
            (3, [("A", "判断"), ("B", "表格里的判断题。"), ("E", "对"), ("F", "党章")]),
        ]);
        (status, body) = await PostAsync(bot, "/api/questions/import?name=bank.dat", bank, "application/octet-stream");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.True(JsonNode.Parse(body)!["ok"]!.GetValue<bool>(), body);
        Assert.Contains(bot.Get<QuestionBankCache>().Current.All, q => q.Stem == "表格里的单选题（ ）。");

        foreach (var hostile in new[] { Bomb(), ZipWith(("a.txt", [1, 2, 3])) })
        {
            (status, body) = await PostAsync(bot, "/api/members/import?dryRun=true", hostile, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(JsonNode.Parse(body)!["ok"]!.GetValue<bool>());
            Assert.Contains("Excel", body);
        }
    }

    [Fact]
    public async Task RosterReimport_OfAnXlsx_ListsMissingMembers_AndMarksThemOnlyWhenTold()
    {
        await using var bot = await MeetingBot.StartAsync();
        var branch1Roster = Workbook(
        [
            (1, [("A", "姓名"), ("B", "手机号"), ("C", "组织"), ("D", "党小组"), ("E", "状态"), ("F", "角色")]),
            (2, [("A", "王书记"), ("B", 13800000001L), ("C", Branch), ("D", "第一小组"), ("E", "正式"), ("F", "书记")]),
            (3, [("A", "赵一"), ("B", 13800000002L), ("C", Branch), ("D", "第一小组"), ("E", "正式"), ("F", "党员")]),
        ]);
        var import = bot.Get<RosterImport>();
        var qian = MeetingBot.MemberId("13800000003");
        var lee = MeetingBot.MemberId("13800001234");

        var dry = await import.RunAsync(branch1Roster, null, true, new MissingPolicy(MemberStanding.TransferredOut, "org"), default);
        Assert.Equal(new[] { lee, qian }.Order(), dry.Missing.Select(m => m.Member.Id).Order());
        Assert.All(dry.Missing, m => Assert.False(m.Marked));

        var kept = await import.RunAsync(branch1Roster, null, false, MissingPolicy.Keep, default);
        Assert.Equal(2, kept.Missing.Count);
        Assert.True((await bot.Get<IMemberStore>().GetMemberAsync(qian, default))!.IsActive);

        var marked = await import.RunAsync(branch1Roster, null, false, new MissingPolicy(MemberStanding.TransferredOut, "org"), default);
        Assert.All(marked.Missing, m => Assert.True(m.Marked));
        var member = await bot.Get<IMemberStore>().GetMemberAsync(qian, default);
        Assert.Equal((MemberStanding.TransferredOut, RosterImport.MarkedNote), (member!.Standing, member.StandingNote));
        Assert.True((await bot.Get<IMemberStore>().GetMemberAsync(MeetingBot.MemberId("13800000004"), default))!.IsActive);
    }

    private static string Single(byte[] file)
    {
        Assert.True(Reader.Recognises(file));
        var read = Reader.Read(file);
        Assert.Null(read.Records);
        return read.Error!.Message;
    }

    private static byte[] ZipWith(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A real workbook whose sheet part is replaced by 200 MB of spaces (a few hundred KB compressed).</summary>
    private static byte[] Bomb()
    {
        var good = Workbook(GoodRoster);
        using var stream = new MemoryStream();
        stream.Write(good);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = zip.Entries.First(e => e.FullName.Contains("worksheets/", StringComparison.Ordinal) || e.FullName.Contains("sheet", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.Ordinal) && !e.FullName.Contains("sharedStrings", StringComparison.Ordinal));
            var name = sheet.FullName;
            sheet.Delete();
            using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 200; i++)
            {
                entry.Write(chunk);
            }
        }

        return stream.ToArray();
    }

    private static async Task<(HttpStatusCode, string)> PostAsync(MeetingBot bot, string path, byte[] file, string contentType)
    {
        using var request = bot.AdminRequest(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(file);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await bot.Bot.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<string> Describe(IEnumerable<RosterRow> rows) =>
        rows.Select(r => $"{r.Name}|{r.Phone}|{string.Join("/", r.OrgPath)}|{r.Group}|{r.Status}|{r.Post}").ToList();
}
