using System.Net;
using System.Net.Http.Json;
using Lifeline.Core.Access;
using Lifeline.Core.Families;
using Lifeline.Families;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Web;

/// <summary>
/// The pages translated after the first ones, served by the real server over HTTP in Armenian and Russian (the language
/// asked for in Accept-Language) and, unasked, still in English: each shows its own heading in the reader's language.
/// </summary>
public sealed class LanguagePageTests : IAsyncLifetime
{
    private LifelineServer server = null!;

    public async ValueTask InitializeAsync() => server = await LifelineServer.Start();

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Event = "/situations/lachin-2022/events/2022-12-12-blockade-begins";

    private static async Task<string> Page(HttpClient client, string path, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
        {
            request.Headers.Add("Accept-Language", language);
        }
        var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancel);
    }

    private static void Shows(string html, string path, params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.True(html.Contains(text, StringComparison.Ordinal), $"{path} does not show {text}");
        }
    }

    [Theory]
    [InlineData(null, "<h2>Sources</h2>", "<dt>Fatalities</dt>", "<h2>In the ledger</h2>", "id=\"map-heading\">On the map, ")]
    [InlineData("hy", "<h2>Աղբյուրներ</h2>", "<dt>Զոհեր</dt>", "<h2>Մատյանում</h2>", "id=\"map-heading\">Քարտեզի վրա՝ ")]
    [InlineData("ru", "<h2>Источники</h2>", "<dt>Погибшие</dt>", "<h2>В реестре</h2>", "id=\"map-heading\">На карте, ")]
    public async Task AnEventAndTheMap_AreShownInTheReadersLanguage(string? language, string sources, string fatalities, string ledger, string map)
    {
        Shows(await Page(server.Client, Event, language), Event, sources, fatalities, ledger);
        Shows(await Page(server.Client, "/situations/lachin-2022?date=2023-03-21", language), "the dashboard", map);
    }

    [Theory]
    [InlineData(null, ": day by day</h1>", "<h1>Early warning: ", "<h1>Evidence ledger</h1>", "<h1>Ledger leaf 0</h1>")]
    [InlineData("hy", "․ օր առ օր</h1>", "<h1>Վաղ ազդարարում՝ ", "<h1>Ապացույցների մատյան</h1>", "<h1>Մատյանի տերև 0</h1>")]
    [InlineData("ru", ": день за днём</h1>", "<h1>Раннее предупреждение: ", "<h1>Реестр доказательств</h1>", "<h1>Лист реестра 0</h1>")]
    public async Task TheCalendarRiskAndLedger_HaveTheirHeadingInTheReadersLanguage(string? language, string calendar, string risk, string ledger, string leaf)
    {
        foreach (var (path, heading) in new[]
                 {
                     ("/situations/lachin-2022/calendar", calendar), ("/situations/lachin-2022/risk", risk),
                     ("/ledger", ledger), ("/ledger/leaves/0", leaf),
                 })
        {
            Shows(await Page(server.Client, path, language), path, heading);
        }
    }

    [Theory]
    [InlineData(null, "<h1>Correct or complete event <code>", "<h1>Add evidence</h1>", "<h2 id=\"review\">Review</h2>", "<h2>Evidence</h2>", "<h1>Sources</h1>")]
    [InlineData("hy", "<h1>Ուղղել կամ լրացնել իրադարձությունը <code>", "<h1>Ավելացնել ապացույց</h1>", "<h2 id=\"review\">Ստուգում</h2>", "<h2>Ապացույցներ</h2>", "<h1>Աղբյուրներ</h1>")]
    [InlineData("ru", "<h1>Исправить или дополнить событие <code>", "<h1>Добавить доказательство</h1>", "<h2 id=\"review\">Проверка</h2>", "<h2>Доказательства</h2>", "<h1>Источники</h1>")]
    public async Task TheSignedInPartsOfEventsAndSources_AreInTheReadersLanguage(string? language, string edit, string upload, string review, string evidence, string sources)
    {
        using var admin = await server.SignedInFor(Role.Admin);
        Shows(await Page(admin, Event + "/edit", language), "the correction form", edit);
        Shows(await Page(admin, Event + "/evidence/new", language), "the evidence form", upload);
        Shows(await Page(admin, Event, language), "the event", review, evidence);
        Shows(await Page(admin, "/situations/lachin-2022/sources", language), "the sources", sources);
    }

    [Theory]
    [InlineData(null, "<h1>Supplies: how long will it last?</h1>", "<h1>Supply observations</h1>", "<h1>Prices</h1>", "<h1>Utilities</h1>", "<h1>Medical evacuations</h1>")]
    [InlineData("hy", "<h1>Մատակարարում․ որքա՞ն կբավականացնի</h1>", "<h1>Մատակարարման դիտարկումներ</h1>", "<h1>Գներ</h1>", "<h1>Կոմունալ ծառայություններ</h1>", "<h1>Բժշկական տարհանումներ</h1>")]
    [InlineData("ru", "<h1>Снабжение: надолго ли хватит?</h1>", "<h1>Наблюдения о снабжении</h1>", "<h1>Цены</h1>", "<h1>Коммунальные услуги</h1>", "<h1>Медицинские эвакуации</h1>")]
    public async Task TheSupplyPages_HaveTheirHeadingInTheReadersLanguage(string? language, string dashboard, string observations, string prices, string utilities, string evacuations)
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        foreach (var (path, heading) in new[]
                 {
                     ("/situations/lachin-2022/supplies", dashboard), ("/situations/lachin-2022/supplies/observations", observations),
                     ("/situations/lachin-2022/supplies/prices", prices), ("/situations/lachin-2022/supplies/utilities", utilities),
                     ("/situations/lachin-2022/supplies/evacuations", evacuations),
                 })
        {
            Shows(await Page(reporter, path, language), path, heading);
        }
    }

    [Theory]
    [InlineData(null, "id=\"route-status\" class=\"muted\">On 2023-03-21: ", "Inflow here: ")]
    [InlineData("hy", "id=\"route-status\" class=\"muted\">2023-03-21 դրությամբ՝ ", "Ներհոսքն այստեղ՝ ")]
    [InlineData("ru", "id=\"route-status\" class=\"muted\">На 2023-03-21: ", "Поступление здесь: ")]
    public async Task TheSupplyDashboardsSentences_AreInTheReadersLanguage(string? language, string status, string inflow)
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        const string path = "/situations/lachin-2022/supplies?date=2023-03-21";
        Shows(await Page(reporter, path, language), path, status, inflow);
    }

    [Theory]
    [InlineData(null, "<h1>Separated families: tracing cases</h1>", "<h1>Open a tracing request</h1>", "<h1>Register a person as safe</h1>", ">Family name (any script)</label>")]
    [InlineData("hy", "<h1>Բաժանված ընտանիքներ․ որոնման գործեր</h1>", "<h1>Բացել որոնման հայտ</h1>", "<h1>Գրանցել անձին որպես անվտանգ</h1>", ">Ազգանուն (ցանկացած գրով)</label>")]
    [InlineData("ru", "<h1>Разлучённые семьи: дела о розыске</h1>", "<h1>Открыть запрос о розыске</h1>", "<h1>Зарегистрировать человека как находящегося в безопасности</h1>", ">Фамилия (любым письмом)</label>")]
    public async Task TheFamilyPages_HaveTheirHeadingInTheReadersLanguage(string? language, string cases, string request, string safe, string familyName)
    {
        using var caseworker = await server.SignedInFor(Role.Caseworker);
        Shows(await Page(caseworker, "/situations/lachin-2022/families", language), "the cases", cases);
        Shows(await Page(caseworker, "/situations/lachin-2022/families/new-request", language), "the tracing request", request, familyName);
        Shows(await Page(caseworker, "/situations/lachin-2022/families/register-safe", language), "the safe registration", safe, familyName);
    }

    [Theory]
    [InlineData(null, "<title>Tracing case lang-r1 — Lifeline</title>", "<h3>Candidates</h3>", "<h2>Status history</h2>", "<dt>Needs more care</dt><dd>unaccompanied child</dd>")]
    [InlineData("hy", "<title>Որոնման գործ lang-r1 — Lifeline</title>", "<h3>Թեկնածուներ</h3>", "<h2>Կարգավիճակների պատմությունը</h2>", "<dt>Հատուկ հոգածության կարիք</dt><dd>առանց ուղեկցորդի երեխա</dd>")]
    [InlineData("ru", "<title>Дело о розыске lang-r1 — Lifeline</title>", "<h3>Кандидаты</h3>", "<h2>История статусов</h2>", "<dt>Нуждается в особой заботе</dt><dd>несопровождаемый ребёнок</dd>")]
    public async Task AFamilyCase_IsShownInTheReadersLanguage(string? language, string title, string candidates, string history, string care)
    {
        using var caseworker = await server.SignedInFor(Role.Caseworker);
        var opened = await caseworker.PostAsJsonAsync("/api/v1/situations/lachin-2022/families/requests", new OpenTracingRequest
        {
            Id = "lang-r1",
            Enquirer = new PersonDraft { Id = "lang-r1-enquirer", FamilyName = "Petrosyan", GivenName = "Aram", BirthYear = 1979 },
            Sought = [new SoughtDraft { Relation = "father", Person = new PersonDraft { Id = "lang-r1-sought", FamilyName = "Петросян", GivenName = "Давид", BirthYear = 2015, Side = "outside", Vulnerabilities = ["unaccompanied-child"] } }],
        }, Cancel);
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync(Cancel));
        const string path = "/situations/lachin-2022/families/cases/lang-r1";
        Shows(await Page(caseworker, path, language), path, title, candidates, history, care);
    }

    [Theory]
    [InlineData(null, "<title>Record an event — Lifeline</title>")]
    [InlineData("hy", "<title>Գրանցել իրադարձություն — Lifeline</title>")]
    [InlineData("ru", "<title>Записать событие — Lifeline</title>")]
    public async Task TheEventForm_HasItsTabTitleInTheReadersLanguage(string? language, string title)
    {
        using var reporter = await server.SignedInFor(Role.Reporter);
        Shows(await Page(reporter, "/situations/lachin-2022/events/new", language), "the event form", title);
    }

    [Theory]
    [InlineData(null, "<h1>Assess an indicator</h1>", "<h1>Indicator 13.8 on ", "<h1>Alert subscriptions</h1>", "<h2>Signals from the record</h2>")]
    [InlineData("hy", "<h1>Գնահատել ցուցիչը</h1>", "<h1>Ցուցիչ 13.8՝ ", "<h1>Ազդարարումների բաժանորդագրություններ</h1>", "<h2>Արձանագրությունից ստացված ազդանշաններ</h2>")]
    [InlineData("ru", "<h1>Оценить индикатор</h1>", "<h1>Индикатор 13.8 на ", "<h1>Подписки на оповещения</h1>", "<h2>Сигналы из записей</h2>")]
    public async Task TheAnalystsEarlyWarningPages_HaveTheirHeadingInTheReadersLanguage(string? language, string assess, string indicator, string subscriptions, string signals)
    {
        using var analyst = await server.SignedInFor(Role.Analyst);
        Shows(await Page(analyst, "/situations/lachin-2022/risk/assess", language), "the assessment form", assess);
        Shows(await Page(analyst, "/situations/lachin-2022/risk/indicators/13.8", language), "the indicator", indicator, signals);
        Shows(await Page(analyst, "/alerts/subscriptions", language), "the subscriptions", subscriptions);
    }

    [Theory]
    [InlineData(null, "<h1>Choose a password</h1>", "<h1>API tokens</h1>", "<h1>Audit log</h1>", "<h1 id=\"status-heading\">Not found</h1>")]
    [InlineData("hy", "<h1>Ընտրեք գաղտնաբառ</h1>", "<h1>API տոկեններ</h1>", "<h1>Աուդիտի մատյան</h1>", "<h1 id=\"status-heading\">Չի գտնվել</h1>")]
    [InlineData("ru", "<h1>Выберите пароль</h1>", "<h1>API-токены</h1>", "<h1>Журнал аудита</h1>", "<h1 id=\"status-heading\">Не найдено</h1>")]
    public async Task TheAccountPagesAndTheStatusPage_HaveTheirHeadingInTheReadersLanguage(string? language, string password, string tokens, string audit, string missing)
    {
        using var admin = await server.SignedInFor(Role.Admin);
        Shows(await Page(admin, "/account/password", language), "the password page", password);
        Shows(await Page(admin, "/account/tokens", language), "the tokens", tokens);
        Shows(await Page(admin, "/admin/audit", language), "the audit log", audit);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        if (language is not null)
        {
            request.Headers.Add("Accept-Language", language);
        }
        var response = await server.Client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Shows(await response.Content.ReadAsStringAsync(Cancel), "the status page", missing);
    }

    [Theory]
    [InlineData(null, "<h1>Claims and the record: ", "<h2>What the record says for its days</h2>", "<h1>Record a claim</h1>")]
    [InlineData("hy", "<h1>Հայտարարությունները և արձանագրությունը՝ ", "<h2>Ինչ է ասում արձանագրությունը դրա օրերի համար</h2>", "<h1>Գրանցել հայտարարություն</h1>")]
    [InlineData("ru", "<h1>Заявления и записи: ", "<h2>Что говорят записи о его днях</h2>", "<h1>Записать заявление</h1>")]
    public async Task TheClaimPages_HaveTheirHeadingInTheReadersLanguage(string? language, string claims, string record, string form)
    {
        using var admin = await server.SignedInFor(Role.Admin);
        Shows(await Page(admin, "/situations/lachin-2022/claims", language), "the claims", claims);
        Shows(await Page(admin, "/situations/lachin-2022/claims/2023-02-18-aliyev-no-blockade", language), "a claim", record);
        Shows(await Page(admin, "/situations/lachin-2022/claims/new", language), "the claim form", form);
    }

    [Theory]
    [InlineData(null, "<h1>Orders and obligations: ", "<h2>Day by day</h2>", "<h1>Dossier for a court</h1>", "<h1>Record an obligation</h1>", "<h1>Record a proceeding</h1>", "<h1>Record a step of a proceeding</h1>")]
    [InlineData("hy", "<h1>Որոշումներ և պարտավորություններ՝ ", "<h2>Օր առ օր</h2>", "<h1>Դոսյե դատարանի համար</h1>", "<h1>Գրանցել պարտավորություն</h1>", "<h1>Գրանցել վարույթ</h1>", "<h1>Գրանցել վարույթի քայլ</h1>")]
    [InlineData("ru", "<h1>Постановления и обязательства: ", "<h2>День за днём</h2>", "<h1>Досье для суда</h1>", "<h1>Записать обязательство</h1>", "<h1>Записать разбирательство</h1>", "<h1>Записать этап разбирательства</h1>")]
    public async Task TheLegalPages_HaveTheirHeadingInTheReadersLanguage(string? language, string legal, string days, string dossier, string obligation, string proceeding, string step)
    {
        using var admin = await server.SignedInFor(Role.Admin);
        foreach (var (path, heading) in new[]
                 {
                     ("/situations/lachin-2022/legal", legal), ("/situations/lachin-2022/legal/obligations/icj-unimpeded-movement", days),
                     ("/situations/lachin-2022/legal/dossier", dossier), ("/situations/lachin-2022/legal/obligations/new", obligation),
                     ("/situations/lachin-2022/legal/proceedings/new", proceeding), ("/situations/lachin-2022/legal/steps/new", step),
                 })
        {
            Shows(await Page(admin, path, language), path, heading);
        }
    }

    [Theory]
    [InlineData(null, "<h1>Plan an airlift</h1>", "<legend>Demand (tonnes a day)</legend>")]
    [InlineData("hy", "<h1>Պլանավորել օդային կամուրջ</h1>", "<legend>Պահանջարկ (տոննա օրական)</legend>")]
    [InlineData("ru", "<h1>Спланировать воздушный мост</h1>", "<legend>Потребность (тонн в день)</legend>")]
    public async Task TheAirliftPlanner_HasItsHeadingInTheReadersLanguage(string? language, string heading, string demand)
    {
        using var analyst = await server.SignedInFor(Role.Analyst);
        Shows(await Page(analyst, "/airlift", language), "the airlift planner", heading, demand);
    }

    [Theory]
    [InlineData(null, "<h1>Grade a source</h1>", "<h2>Grading history</h2>")]
    [InlineData("hy", "<h1>Գնահատել աղբյուրը</h1>", "<h2>Գնահատման պատմությունը</h2>")]
    [InlineData("ru", "<h1>Оценить источник</h1>", "<h2>История оценок</h2>")]
    public async Task TheGradingPage_HasItsHeadingInTheReadersLanguage(string? language, string heading, string history)
    {
        using var verifier = await server.SignedInFor(Role.Verifier);
        var grade = System.Text.RegularExpressions.Regex.Match(await Page(verifier, Event, null), "href=\"(/situations/lachin-2022/sources/[^\"?]+)[^\"]*\" class=\"grade-link\"");
        Assert.True(grade.Success, "the event links to no source to grade");
        Shows(await Page(verifier, grade.Groups[1].Value, language), "the grading page", heading, history);
    }
}
