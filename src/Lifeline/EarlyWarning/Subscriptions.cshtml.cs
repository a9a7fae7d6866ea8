using Lifeline.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lifeline.EarlyWarning;

/// <summary>Alert subscriptions (webhooks) and their delivery log: analysts and admins.</summary>
[Authorize(Policy = Security.Policies.Assess)]
internal sealed class SubscriptionsModel(AlertSubscriptions subscriptions, Web.Translations words) : PageModel
{
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Situation { get; set; }
    [BindProperty] public string? From { get; set; }
    public SubscriptionView? Created { get; private set; }
    public IReadOnlyList<SubscriptionView> Subscriptions { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<DeliveryView>> Deliveries { get; private set; } = new Dictionary<string, IReadOnlyList<DeliveryView>>();
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public Task OnGetAsync(CancellationToken cancel) => LoadAsync(cancel);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancel)
    {
        switch (await subscriptions.Subscribe(new SubscribeRequest { Url = Address, Situation = Situation, From = From }, cancel))
        {
            case SubscribeOutcome.Created created:
                Created = created.Subscription;
                break;
            case SubscribeOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }
        await LoadAsync(cancel);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(string id, CancellationToken cancel) => await subscriptions.End(id, cancel) ? Redirect("/alerts/subscriptions") : NotFound();

    private async Task LoadAsync(CancellationToken cancel)
    {
        ViewData["Title"] = words["risk.subscriptions"];
        Subscriptions = await subscriptions.ListAsync(cancel);
        var deliveries = new Dictionary<string, IReadOnlyList<DeliveryView>>();
        foreach (var subscription in Subscriptions)
        {
            deliveries[subscription.Id] = ((await subscriptions.DeliveriesAsync(subscription.Id, cancel)) ?? []).Take(20).ToList();
        }
        Deliveries = deliveries;
    }
}
