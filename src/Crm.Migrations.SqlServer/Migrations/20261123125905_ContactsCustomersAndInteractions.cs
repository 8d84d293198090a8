using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ContactsCustomersAndInteractions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Contacts_AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ActorId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Changes = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_Customers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    FirstName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    LastName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CompanyName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    JobTitle = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    DisplayName = table.Column<string>(type: "nvarchar(250)", maxLength: 250, nullable: false),
                    SearchName = table.Column<string>(type: "nvarchar(250)", maxLength: 250, nullable: false),
                    CompanyId = table.Column<long>(type: "bigint", nullable: true),
                    Website = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    Industry = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Notes = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ExternalId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    DoNotContact = table.Column<bool>(type: "bit", nullable: false),
                    PrimaryEmail = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    PrimaryPhone = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    City = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Country = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    LastContactAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_Customers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_Customers_Contacts_Customers_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_CustomerAddresses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Label = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    Street = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    PostalCode = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: true),
                    City = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Region = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Country = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_CustomerAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_CustomerAddresses_Contacts_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_CustomerEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Address = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    Label = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_CustomerEmails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_CustomerEmails_Contacts_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_CustomerPhones",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Label = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_CustomerPhones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_CustomerPhones_Contacts_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_CustomerTags",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Tag = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_CustomerTags", x => new { x.CustomerId, x.Tag });
                    table.ForeignKey(
                        name: "FK_Contacts_CustomerTags_Contacts_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_Interactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(12)", maxLength: 12, nullable: false),
                    Direction = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DurationSeconds = table.Column<int>(type: "int", nullable: true),
                    Subject = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Notes = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    HandledBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    OrderId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CaseId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CampaignId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ModifiedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_Interactions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Contacts_Interactions_Contacts_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Contacts_MarketingConsents",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Granted = table.Column<bool>(type: "bit", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Source = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Contacts_MarketingConsents", x => new { x.CustomerId, x.Channel });
                    table.ForeignKey(
                        name: "FK_Contacts_MarketingConsents_Contacts_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Contacts_Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_AuditEntries_CustomerId_AtUtc",
                table: "Contacts_AuditEntries",
                columns: new[] { "CustomerId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerAddresses_CustomerId",
                table: "Contacts_CustomerAddresses",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerEmails_Address",
                table: "Contacts_CustomerEmails",
                column: "Address");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerEmails_CustomerId",
                table: "Contacts_CustomerEmails",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerPhones_CustomerId",
                table: "Contacts_CustomerPhones",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerPhones_Number",
                table: "Contacts_CustomerPhones",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_City_SearchName",
                table: "Contacts_Customers",
                columns: new[] { "City", "SearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_CompanyId",
                table: "Contacts_Customers",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_CreatedAtUtc",
                table: "Contacts_Customers",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_ExternalId",
                table: "Contacts_Customers",
                column: "ExternalId",
                unique: true,
                filter: "[ExternalId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_LastContactAtUtc",
                table: "Contacts_Customers",
                column: "LastContactAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_OwnerId_SearchName",
                table: "Contacts_Customers",
                columns: new[] { "OwnerId", "SearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_PrimaryEmail",
                table: "Contacts_Customers",
                column: "PrimaryEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_PrimaryPhone",
                table: "Contacts_Customers",
                column: "PrimaryPhone");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Customers_SearchName",
                table: "Contacts_Customers",
                column: "SearchName");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerTags_Tag_CustomerId",
                table: "Contacts_CustomerTags",
                columns: new[] { "Tag", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_Interactions_CustomerId_OccurredAtUtc",
                table: "Contacts_Interactions",
                columns: new[] { "CustomerId", "OccurredAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Contacts_AuditEntries");

            migrationBuilder.DropTable(
                name: "Contacts_CustomerAddresses");

            migrationBuilder.DropTable(
                name: "Contacts_CustomerEmails");

            migrationBuilder.DropTable(
                name: "Contacts_CustomerPhones");

            migrationBuilder.DropTable(
                name: "Contacts_CustomerTags");

            migrationBuilder.DropTable(
                name: "Contacts_Interactions");

            migrationBuilder.DropTable(
                name: "Contacts_MarketingConsents");

            migrationBuilder.DropTable(
                name: "Contacts_Customers");
        }
    }
}
