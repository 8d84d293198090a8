using System.Diagnostics;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Generate;

/// <summary>
/// Realistic, seeded demo and load-test data: about one customer in six is a company, a third of the people work for one
/// of them, everyone has an email and a valid phone number, an address in one of a few dozen cities, tags, consent, and a
/// skewed number of interactions (a few customers are contacted very often, many rarely) over the last three years.
/// Written in batches with short-lived contexts so memory stays flat for a million customers.
/// </summary>
internal sealed class ContactsDataGenerator(
    IDbContextFactory<CrmDbContext> contextFactory, UserDirectory users, ICurrentUser currentUser, TimeProvider clock)
    : IContactsDataGenerator
{
    private const int BatchSize = 5_000;

    private static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "William", "Amelia",
        "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Jack", "Ella", "Daniel", "Grace",
        "Matteo", "Chloe", "Samuel", "Zoë", "David", "Léa", "José", "Ingrid", "Kenji", "Priya", "Omar", "Fatima", "Wei", "Anna",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
        "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
        "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Müller", "Schmidt", "Rossi", "Dubois", "Nakamura",
        "Patel", "Kim", "Nguyen", "Andersson", "Kowalski",
    ];

    private static readonly string[] CompanyStems =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne",
        "Aperture", "Gringotts", "Oscorp", "Monarch", "Pied Piper", "Dunder", "Sterling", "Prestige", "Northwind", "Contoso",
        "Fabrikam", "Tailspin", "Litware", "Proseware", "Adatum", "Wingtip", "Fourth Coffee", "Blue Yonder",
    ];

    private static readonly string[] CompanySuffixes = ["Inc", "LLC", "Ltd", "Group", "Partners", "Co", "Holdings", "Labs"];

    private static readonly (string City, string Region, string[] AreaCodes)[] Cities =
    [
        ("New York", "NY", ["212", "646", "718"]), ("Los Angeles", "CA", ["213", "310", "323"]), ("Chicago", "IL", ["312", "773"]),
        ("Houston", "TX", ["713", "832"]), ("Phoenix", "AZ", ["602", "480"]), ("Philadelphia", "PA", ["215", "267"]),
        ("San Antonio", "TX", ["210"]), ("San Diego", "CA", ["619", "858"]), ("Dallas", "TX", ["214", "469"]),
        ("San Jose", "CA", ["408"]), ("Austin", "TX", ["512", "737"]), ("Seattle", "WA", ["206"]), ("Denver", "CO", ["303", "720"]),
        ("Boston", "MA", ["617", "857"]), ("Atlanta", "GA", ["404", "470"]), ("Miami", "FL", ["305", "786"]),
        ("Portland", "OR", ["503", "971"]), ("Nashville", "TN", ["615"]), ("Minneapolis", "MN", ["612"]), ("Detroit", "MI", ["313"]),
    ];

    private static readonly string[] Industries = ["Retail", "Manufacturing", "Software", "Healthcare", "Finance", "Education", "Logistics", "Hospitality"];

    private static readonly string[] Sources = ["Web shop", "Trade fair", "Referral", "Cold call", "Newsletter", "Partner", "Import"];

    private static readonly string[] Tags = ["vip", "newsletter", "b2b", "wholesale", "prospect", "key account", "churn risk", "event 2026"];

    private static readonly (InteractionType Type, Channel Channel, string Subject)[] Contacts =
    [
        (InteractionType.Call, Channel.Phone, "Follow-up call"), (InteractionType.Call, Channel.Phone, "Question about an invoice"),
        (InteractionType.Email, Channel.Email, "Sent the product catalogue"), (InteractionType.Email, Channel.Email, "Order confirmation questions"),
        (InteractionType.Meeting, Channel.FaceToFace, "Quarterly review"), (InteractionType.Chat, Channel.Chat, "Delivery status"),
        (InteractionType.Note, Channel.Other, "Prefers contact in the morning"), (InteractionType.Visit, Channel.Web, "Visited pricing page"),
        (InteractionType.Letter, Channel.Letter, "Sent the contract"), (InteractionType.Call, Channel.Phone, "Complaint about late delivery"),
        (InteractionType.Email, Channel.Sms, "Appointment reminder"), (InteractionType.Other, Channel.Fax, "Signed order form received"),
    ];

    public async Task<int> CountCustomersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Customer>().CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GeneratorCustomer>> ListCustomersAsync(long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var active = true;
        return await db.Set<Customer>().AsNoTracking().Where(c => c.Id > afterId && c.IsActive == active).OrderBy(c => c.Id)
            .Take(Math.Clamp(limit, 1, 100_000)).Select(c => new GeneratorCustomer(c.Id, c.OwnerId)).ToListAsync(cancellationToken);
    }

    public Task<GeneratedContacts> GenerateAsync(
        int customers, double interactionsPerCustomer, int seed, IProgress<int>? progress, CancellationToken cancellationToken = default) =>
        GenerateAsync(customers, interactionsPerCustomer, seed, progress, allowBulkInsert: true, cancellationToken);

    /// <param name="allowBulkInsert">On SQLite, write through <see cref="BulkWriter"/> instead of EF (false in the test that compares both).</param>
    internal async Task<GeneratedContacts> GenerateAsync(
        int customers, double interactionsPerCustomer, int seed, IProgress<int>? progress, bool allowBulkInsert, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        ArgumentOutOfRangeException.ThrowIfNegative(interactionsPerCustomer);
        var watch = Stopwatch.StartNew();
        var random = new Random(seed);
        var owners = (await users.InRoleAsync(CrmRoles.SalesRep, cancellationToken)).Select(u => u.Id).ToArray();
        var now = clock.GetUtcNow().UtcDateTime;
        var companyIds = new List<long>();
        int written = 0, companies = 0, interactions = 0;

        while (written < customers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Math.Min(BatchSize, customers - written);
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;

            var made = new List<(Customer Customer, List<Interaction> Contacts)>(batch);
            for (var i = 0; i < batch; i++)
            {
                var customer = NewCustomer(random, written + i, owners, companyIds, now);
                var contacts = NewInteractions(random, interactionsPerCustomer, owners, now).ToList();
                customer.LastContactAtUtc = contacts.Count == 0 ? null : contacts.Max(c => c.OccurredAtUtc);
                made.Add((customer, contacts));
            }

            if (allowBulkInsert && DatabaseDialect.Of(db).AssignsIdsAhead)
            {
                interactions += await WriteBulkAsync(db, made, now, cancellationToken);
            }
            else
            {
                interactions += await WriteWithEfAsync(db, made, cancellationToken);
            }

            companyIds.AddRange(made.Where(m => m.Customer.Kind == CustomerKind.Company).Select(m => m.Customer.Id));
            companies += made.Count(m => m.Customer.Kind == CustomerKind.Company);
            written += batch;
            progress?.Report(written);
        }

        return new GeneratedContacts(written, companies, interactions, watch.Elapsed);
    }

    private static async Task<int> WriteWithEfAsync(CrmDbContext db, List<(Customer Customer, List<Interaction> Contacts)> made, CancellationToken cancellationToken)
    {
        db.AddRange(made.Select(m => m.Customer));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var count = 0;
        foreach (var (customer, contacts) in made)
        {
            contacts.ForEach(c => c.CustomerId = customer.Id);
            db.AddRange(contacts);
            count += contacts.Count;
        }

        await db.SaveChangesAsync(cancellationToken);
        return count;
    }

    /// <summary>The same rows as <see cref="WriteWithEfAsync"/>, stamped here as the auditing interceptor would stamp them.</summary>
    private async Task<int> WriteBulkAsync(CrmDbContext db, List<(Customer Customer, List<Interaction> Contacts)> made, DateTime now, CancellationToken cancellationToken)
    {
        await using var writer = await BulkWriter.BeginAsync(db, cancellationToken);
        var nextId = await writer.NextIdAsync<Customer>(cancellationToken);
        var count = 0;
        foreach (var (customer, contacts) in made)
        {
            customer.Id = nextId++;
            customer.StampCreated(now, currentUser.ActorId);
            await writer.WriteAsync(customer, includeKey: true, cancellationToken);
            foreach (var email in customer.Emails)
            {
                email.CustomerId = customer.Id;
                await writer.WriteAsync(email, includeKey: false, cancellationToken);
            }

            foreach (var phone in customer.Phones)
            {
                phone.CustomerId = customer.Id;
                await writer.WriteAsync(phone, includeKey: false, cancellationToken);
            }

            foreach (var address in customer.Addresses)
            {
                address.CustomerId = customer.Id;
                await writer.WriteAsync(address, includeKey: false, cancellationToken);
            }

            foreach (var tag in customer.Tags)
            {
                tag.CustomerId = customer.Id;
                await writer.WriteAsync(tag, includeKey: true, cancellationToken);
            }

            foreach (var consent in customer.Consents)
            {
                consent.CustomerId = customer.Id;
                await writer.WriteAsync(consent, includeKey: true, cancellationToken);
            }

            foreach (var contact in contacts)
            {
                contact.CustomerId = customer.Id;
                contact.StampCreated(now, currentUser.ActorId);
                await writer.WriteAsync(contact, includeKey: false, cancellationToken);
            }

            count += contacts.Count;
        }

        await writer.CommitAsync(cancellationToken);
        return count;
    }

    private static Customer NewCustomer(Random random, int index, string[] owners, List<long> companyIds, DateTime now)
    {
        var (city, region, areaCodes) = Cities[Skewed(random, Cities.Length)];
        var isCompany = random.NextDouble() < 1.0 / 6;
        var customer = new Customer
        {
            Kind = isCompany ? CustomerKind.Company : CustomerKind.Person,
            OwnerId = owners.Length == 0 || random.NextDouble() < 0.1 ? null : owners[random.Next(owners.Length)],
            Industry = isCompany || random.NextDouble() < 0.3 ? Industries[random.Next(Industries.Length)] : null,
            Source = Sources[random.Next(Sources.Length)],
            City = city,
            Country = "United States",
            DoNotContact = random.NextDouble() < 0.03,
            IsActive = random.NextDouble() >= 0.02,
            ExternalId = null,
        };
        string emailName;
        if (isCompany)
        {
            var stem = CompanyStems[random.Next(CompanyStems.Length)];
            customer.CompanyName = $"{stem} {CompanySuffixes[random.Next(CompanySuffixes.Length)]} {index + 1}";
            customer.DisplayName = customer.CompanyName;
            customer.Website = $"www.{stem.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}{index + 1}.example.com";
            emailName = $"info@{stem.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}{index + 1}.example.com";
        }
        else
        {
            customer.FirstName = FirstNames[random.Next(FirstNames.Length)];
            customer.LastName = LastNames[random.Next(LastNames.Length)];
            customer.DisplayName = $"{customer.FirstName} {customer.LastName}";
            customer.JobTitle = random.NextDouble() < 0.4 ? "Purchasing manager" : null;
            if (companyIds.Count > 0 && random.NextDouble() < 0.33)
            {
                customer.CompanyId = companyIds[random.Next(companyIds.Count)];
            }

            emailName = $"{ContactNormalizer.SearchKey(customer.FirstName).ToLowerInvariant()}.{ContactNormalizer.SearchKey(customer.LastName).ToLowerInvariant()}{index + 1}@example.com";
        }

        customer.SearchName = ContactNormalizer.SearchKey(customer.DisplayName);
        customer.PrimaryEmail = emailName.Replace(" ", "", StringComparison.Ordinal);
        customer.Emails.Add(new CustomerEmail { Address = customer.PrimaryEmail, Label = "Work" });
        customer.PrimaryPhone = $"+1{areaCodes[random.Next(areaCodes.Length)]}{random.Next(2, 10)}{random.Next(2, 10)}{random.Next(0, 10)}{random.Next(0, 10_000):D4}";
        customer.Phones.Add(new CustomerPhone { Number = customer.PrimaryPhone, Label = "Office" });
        customer.Addresses.Add(new CustomerAddress
        {
            Label = "Main",
            Street = $"{random.Next(1, 9_999)} {LastNames[random.Next(LastNames.Length)]} Street",
            PostalCode = random.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            City = city,
            Region = region,
            Country = "United States",
        });
        foreach (var tag in Tags.Where(_ => random.NextDouble() < 0.12))
        {
            customer.Tags.Add(new CustomerTag { Tag = tag });
        }

        if (random.NextDouble() < 0.6)
        {
            customer.Consents.Add(new MarketingConsent
            {
                Channel = ConsentChannel.Email,
                Granted = random.NextDouble() < 0.8,
                RecordedAtUtc = now.AddDays(-random.Next(1, 1_000)),
                Source = "Web form",
            });
        }

        return customer;
    }

    private static IEnumerable<Interaction> NewInteractions(Random random, double mean, string[] owners, DateTime now)
    {
        // Geometric-like skew: most customers get a few contacts, some get many.
        var count = mean == 0 ? 0 : (int)Math.Round(-Math.Log(1 - random.NextDouble()) * mean);
        for (var i = 0; i < count; i++)
        {
            var (type, channel, subject) = Contacts[random.Next(Contacts.Length)];
            yield return new Interaction
            {
                Type = type,
                Channel = channel,
                Direction = random.NextDouble() < 0.45 ? InteractionDirection.Inbound : InteractionDirection.Outbound,
                OccurredAtUtc = now.AddMinutes(-random.Next(1, 3 * 365 * 24 * 60)),
                DurationSeconds = type is InteractionType.Call or InteractionType.Meeting ? random.Next(60, 3_600) : null,
                Subject = subject,
                HandledBy = owners.Length == 0 ? null : owners[random.Next(owners.Length)],
            };
        }
    }

    /// <summary>Index skewed towards the start (bigger cities come first).</summary>
    private static int Skewed(Random random, int length) => (int)(length * Math.Pow(random.NextDouble(), 1.6));
}
