using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Knowledge.DemoData;

/// <summary>Demo articles: public answers customers ask for most, and a few internal ones for agents, all published.</summary>
internal sealed class KnowledgeDemoData(IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock) : IKnowledgeDemoData
{
    private const string Actor = "system:demo-data";

    private static readonly ArticleContent[] Articles =
    [
        new("Returns policy", """
            You can return any item within **30 days** of delivery for a full refund.

            1. Open **My orders** and choose *Return an item*.
            2. Print the prepaid label and drop the parcel at any post office.
            3. We refund to your original payment method within 5 working days of receiving it.

            Items must be unused and in their original packaging. Personalised items cannot be returned unless they are faulty.
            """, "Orders", ["returns", "refund"], ArticleVisibility.Public),
        new("Delivery times and costs", """
            | Service | Delivery | Cost |
            |---------|----------|------|
            | Standard | 2–3 working days | Free over €50, else €4.95 |
            | Express | Next working day (order by 14:00) | €9.95 |
            | Pick-up point | 2–4 working days | Free |

            You get a tracking link by email as soon as the parcel leaves our warehouse.
            """, "Delivery", ["delivery", "shipping"], ArticleVisibility.Public),
        new("Resetting your password", """
            1. On the sign-in page choose **Forgot password?**
            2. Enter the email address of your account.
            3. Follow the link in the email within 60 minutes and choose a new password (at least 12 characters).

            No email? Check your spam folder, or contact us and we will check the address on your account.
            """, "Account", ["password", "account"], ArticleVisibility.Public),
        new("My parcel is late or has not arrived", """
            Most late parcels arrive within two days of the expected date. Follow the tracking link in your dispatch email first.

            If the tracking has not changed for **5 working days**, contact us with your order number: we open an investigation with
            the carrier and send a replacement or refund straight away if the parcel is lost.
            """, "Delivery", ["delivery", "late", "lost parcel"], ArticleVisibility.Public),
        new("Damaged or faulty item: what the agent does", """
            - Ask for a photo of the damage and the order number; note both on the case.
            - Under €100: send a replacement at once, no return needed (tag the case `goodwill`).
            - From €100: book a carrier pick-up and send the replacement when the carrier scans the parcel.
            - Faulty after 30 days: it is a warranty case, see *Warranty claims*.
            """, "Orders", ["damaged", "faulty", "replacement"], ArticleVisibility.Internal),
        new("Warranty claims", """
            All products carry a **2-year warranty** from the delivery date. Agents check the order date on the customer's page and
            open the claim with the manufacturer's portal; the customer gets a repair, a replacement or, if neither is possible,
            a refund. Keep the customer informed on the case while it is *Pending third party*.
            """, "Orders", ["warranty"], ArticleVisibility.Internal),
        new("Changing the delivery address of an order", """
            The address can be changed until the order is packed (status *Confirmed*). Open the order, choose *Edit address*,
            and reply to the customer with the new expected delivery date. Once packed, ask the carrier for a redirection instead.
            """, "Delivery", ["address", "delivery"], ArticleVisibility.Internal),
    ];

    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Set<Article>().AnyAsync(cancellationToken))
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var content in Articles)
        {
            var article = Article.Draft(content, Article.SlugOf(content.Title));
            article.Publish(Actor, now);
            db.Add(article);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Articles.Length;
    }
}
