namespace Crm.Contacts.Contracts;

public enum CustomerKind
{
    Person,
    Company,
}

public enum InteractionDirection
{
    Inbound,
    Outbound,
}

/// <summary>What kind of contact an interaction records; orders, cases and campaign responses come from other modules.</summary>
public enum InteractionType
{
    Call,
    Email,
    Meeting,
    Note,
    Chat,
    Letter,
    Visit,
    Order,
    Case,
    CampaignResponse,
    Other,
}

/// <summary>The channels a customer can consent (or not) to marketing on.</summary>
public enum ConsentChannel
{
    Email,
    Phone,
    Sms,
    Post,
}

/// <summary>How the customer list can be sorted.</summary>
public enum CustomerSort
{
    Name,
    Created,
    LastContact,
    City,
}
