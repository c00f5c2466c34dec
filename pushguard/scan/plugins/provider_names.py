"""Services that issue API keys or tokens, by the names code calls them (``named_key``).

From the public-apis directory's entries whose auth is apiKey or OAuth, plus developer services
known to issue keys (AI, payments, crypto, messaging, CRM, monitoring, CI, hosting, maps, ...).
Left out: dictionary words and common identifiers (``monday``, ``front``, ``segment``), names
under 4 characters, and platforms with detectors of their own (GitHub, Google, AWS, Slack).
"""

PROVIDERS: frozenset[str] = frozenset(
    """
    123formbuilder 15five 17track 1forge 2captcha 3dcart 46elks 7digital abbyy abstractapi abtasty
    abusech abuseipdb accuweather acrcloud activecampaign activepieces acuityscheduling acunetix
    adalo adapty adoptapet adyen adzuna aerisweather aerodatabox affinda africastalking afterpay
    aftership agentops agilecrm agilitycms agorapulse ai21 ai21labs aimlapi airbrake airbyte
    aircall airtable airvisual airwallex aishub aiven akamai akeyless albacross alchemer alephalpha
    algolia alibaba alibabacloud alienvault aliexpress aliyun alphavantage ambee ambientweather
    amdoren anidb ankorstore anomali anrok anticaptcha anyscale api2convert api2pdf apideck
    apiflash apifootball apify apigee apimatic apixu apolloio appcues appdynamics applitools
    appsflyer appsignal appsmith appveyor appwrite apryse aqicn aramex arbiscan arcgis archbee
    arcticwolf argocd arize artbreeder artifactory ascendex ashbyhq asknicely assemblyai atatus
    atera attio audiomack audioshake audiostack auspost auth0 authorizenet authress avalara
    aviationstack avoma awario aweber aylien ayrshare backblaze baichuan baidu bamboohr bambora
    bandcamp bandsintown bannerbear baremetrics baselime baseten bazaarvoice beehiiv behance belvo
    berbix bestbuy betterstack betteruptime betterworks beyondtrust biconomy bigcommerce
    bigdatacloud billcom billdesk billplz binance binaryedge bingx bintray bitbank bitbucket
    bitcoinaverage bitdefender bitfinex bitflyer bitget bitgo bithumb bitkub bitly bitmart bitmex
    bitpanda bitpay bitquery bitrise bitrue bitso bitstamp bittrex bitvavo bitwarden blablacar
    blackfire blandai blazemeter blitapp blockchair blockcypher blockfrost blockscout blofin
    bloomreach bluedart bluesnap blynk boldsign bookingcom boomi botpress brainshop braintree
    branchio brandwatch bravenewcoin bravesearch breathehr breezometer breezyhr brevo brex
    brightcove brightdata brightlocal bringg browserbase browserless browserstack browshot bruzu
    bscscan btcmarkets btcpayserver btcturk budbee budibase bugcrowd bugsnag builderio buildjet
    buildkite bukalapak bungie bunnycdn bunq buttercms buzzsprout bybit bytescale cainiao
    calendarific calendly campaignmonitor canadapost canva capmonster capsolver carbonblack
    carboninterface careerjet cartesia cashfree catchpoint ccavenue cdn77 celigo cellulant censys
    cerebras cerebrium ceridian cexio chainalysis chainstack channeladvisor chargebee chargify
    chartio chartmogul chatbase chatwoot checkiday checkly checkmarx checkoutcom checkr checkwx
    cheetaho chronopost chronosphere cin7 circleci cirium citymapper civo clarifai clearbit clearml
    clevercloud clevertap clickatell clickmeter clickup climacell climatiq clipdrop clockify
    cloudamqp cloudant cloudbet cloudconvert cloudflare cloudinary cloudkarafka cloudmersive
    cloudsmith cloudways cloverly cockroachlabs cocoapods codacy codat codeclimate codecov
    codeforces codemagic coderabbit codesandbox codeship cognigy cognism cognitoforms coinapi
    coinbase coincheck coindcx coinex coingate coingecko coinigy coinlayer coinlib coinmarketcap
    coinmate coinone coinpayments coinranking coinremitter coinspot coinswitch colissimo colossyan
    comeet cometchat cometml commercetools companieshouse composio computop conekta confidentai
    configcat connectwise constantcontact constellix constructorio contabo contactout contentful
    convertkit cooperhewitt copyai copyleaks coralogix coreweave correios cosmicjs countly coupang
    coveo craftmypdf craiyon cratesio crawlbase crawlera crazyegg creatomate creditsafe cribl
    criminalip cronhub cronitor cronofy crowdin crowdsec crowdsignal crowdstrike crunchbase
    crunchydata crxcavator cryptocom cryptocompare cryptomkt culqi cultureamp currencycloud
    currencyfreaks currencylayer currencyscoop currentsapi customerio cutoutpro cuttly cyberark
    cybersource cylance dacast dagpi dagshub dagster dailyco dailymotion danbooru darksky darktrace
    dashlane dashscope databricks datadog datadome dataforseo datanyze datastax datocms datto
    dayforce deadmanssnitch dealfront deathbycaptcha decentro deel deepai deepchecks deepgram
    deepinfra deepl deepnote deepseek deepsource deezer dehashed delhivery delinea deliveroo
    deliverr deribit descope detectify devcycle dexscreener dhgate diffbot digifinex digikey digio
    digitalocean dingtalk discogs disqus dixa dnsimple dnsmadeeasy docebo dockerhub docmosis
    docraptor docsend docspring docsumo documenso document360 docuseal docusign dolbyio dolthub
    domcop domo doofinder doordash douban dragonpay drata dreamhost dreamstudio dribbble dropbox
    dropboxsign dropcontact duckdns duosecurity dwolla dynadot dynapictures dynatrace dyte easebuzz
    easydns easypost easyship ebanx ebay ebird ebury ecomexpress ecowitt ecwid edamam edenai edgio
    egnyte ekata elasticemail elasticpath elavon elephantsql elevenlabs eloqua emailhippo
    emaillistverify emailoctopus emailrep embedly emburse engagespot epidemicsound eppo epsagon
    equifax equinix esendex esri etherscan ethplorer etsy europeana eventbrite everhour eversign
    eway exaai exabeam exactonline exchangerateapi exchangeratesapi exmo exoscale exotel expedia
    expensify experian falai fastly fastspring fatzebra faunadb favqs favro featherlessai fedex
    feishu figma fiken filestack finage financialmodelingprep fingerprintjs finicity finix finnhub
    fintoc fireblocks firebolt firecrawl firefliesai firehydrant fireworksai fiserv fitbit fivetran
    flagsmith flexport flickr flightaware flightradar24 flightstats flinks flipkart flotiq flowdash
    fluidstack flutterwave flyio fofa fonoa foreca formbricks formcarry formkeep formsite formspree
    formstack forter fortinet fortnox fortrabbit fourkites foxit foxycart fraudguard fraudlabspro
    freepik freesound freightos freshbooks freshdesk freshping freshsales freshservice freshworks
    friendliai frontapp frontegg ftmscan fullcontact fullhunt fullstory fundingsignals fusionauth
    gandi ganttpro gateio geekflare gemfury genesiscloud geoapify geocodeearth geocodefarm
    geocodify geocodio geodatasource geotab gettyimages getyourguide gfycat ghostinspector
    giantbomb giphy gitbook gitguardian gitpod gitter gladia glassnode glitchtip glitterly glovo
    gmarket gnews gocardless godaddy gojek goldsky goodhire gooseai gooten gorgias gotomeeting
    gptzero grafana graphcms graphhopper graylog greynoise groq growthbook grubhub gumlet gumroad
    gupshup gyazo hackerearth hackerone halopsa happo happyfox happyscribe haptik harperdb
    hashicorp hasura haveibeenpwned headspin healthchecksio heidelpay helcim helicone helius
    hellosign helpjuice helpscout hepsiburada heroku hetrixtools hetzner heyflow heygen hibob hibp
    highlightio hightouch hipay hireright hitbtc hitpay holded holidayapi holvi honeybadger
    hookdeck hootsuite hostinger hotelbeds hotjar htmlcsstoimage huaweicloud hubdoc hubspot
    hubstaff hubtel hudsonrock huggingface humeai humio hunterio hunyuan huobi hybridanalysis
    hygraph hyperbrowser hyperdx hyperliquid hyperscience hypertune hyperverge hypixel ibmcloud
    icims iconfinder icytools idfy idology iexcloud iframely ifttt igdb ilovepdf imagekit imagga
    imgbb imgix imgur imperva improvmx incapsula incidentio independentreserve indodax infatica
    inferless infermedica infisical infobip infura infusionsoft ingenico inngest insightly
    instabase instabox instacart instagram instamojo instana instapage integromat intelx
    interswitch intigriti intrinio invicti invision invoiceninja involveme ionos ip2location
    ip2proxy ip2whois ipapi ipay88 ipgeolocation iphub ipify ipinfo ipinfodb ipqs ipqualityscore
    ipregistry iproyal ipstack iqair iucnredlist izettle jamendo jarvislabs jasperai jazzhr jenkins
    jfrog jina jinaai jira jitbit jitsu jobvite joesandbox jooble jotform json2video judge0 judgeme
    jumia jumio jumpcloud jupiterone juspay jwplayer kaggle kagi kaiber kajabi kakao kaleyra
    kaltura kapwing karrio kaseya kashflow kashoo kaspersky katalon kayako keap keenio keeptruckin
    kentico keycdn keywordsai kickbox kinsta kissmetrics kitsu kkbox klarna klaviyo klevu klingai
    klippa knowbe4 kobiton kobotoolbox kochava kontentai korbit kount koyeb kroger kucoin kustomer
    labelbox lakera lalamove lambdalabs lamini landbot landingai langfuse langsmith languagelayer
    laposte larksuite lastfm launchdarkly laybuy lazada lbank leadfeeder leadiq leadpages leakix
    leanplum leapsome learnworlds lemlist lemonsqueezy lemonway leonardoai leptonai letsenhance
    lexoffice libsyn lichess lightrun lightspeedhq lightstep linguarobot lingvanex linkedin
    linnworks linode listennotes livekit livepeer liveperson llamacloud llamaparse loaderio
    localazy locationiq logdna loggly loginradius logrhythm logrocket logzio lokalise loqate
    lucidchart lumaai lumigo lunary luno lusha lyft mabl magicbell mailboxlayer mailboxvalidator
    mailchimp mailerlite mailersend mailgun mailjet mailpace mailsac mailshake mailtrap maldatabase
    malshare malwarebazaar malwarebytes manageengine mandiant mangadex mangopay manychat mapbox
    mapillary mapquest maptiler marketaux marketo marketstack marqeta marqo mashery mathpix matomo
    mattermost maxmind mbta meaningcloud medallia mediafire mediastack meesho meilisearch
    meistertask memberful meraki mercadobitcoin mercadolibre mercadopago mercari messagebird
    messari metacert meteoblue meteomatics meteostat mexc mezmo microlink middesk midtrans
    millionverifier mimecast mindee mintlify miro mistralai mixcloud mixpanel mockaroo modallabs
    modernmt moderntreasury moengage moesif mojoauth mondialrelay moneris moneybird monkeylearn
    monzo moonpay moosend moovit moralis mosaicml motherduck mouseflow mozenda mpesa msg91 mubert
    mulesoft multisafepay musixmatch myanimelist myntra mywot namecheap namesilo nanonets napster
    naver navitia nebius neptuneai netatmo neteller netlas netlify netnut netskope netsparker
    netsuite neverbounce newegg newrelic newsapi newscatcher nexmo nftstorage ngrok nightcafe
    ninjaone ninjarmm ninjavan nium nlpcloud nomics nophishy nordigen northflank notdiamond
    nounproject novadax novalnet novelai novitaai novu nownodes nowpayments npmjs nubela nuclia
    nuget numlookupapi numverify nutritionix nuvei nxcloud nylas nytimes objectcut ocrspace octoai
    octoparse octopart octopusdeploy officevibe oikolab okex okta olark omdbapi omise omnisend
    omniva onedrive onelogin onesignal onfido onfleet onyphe openaq opencage opencagedata
    openchargemap opencorporates opendota openfigi opengraphr openobserve openpay openphish
    openrouter openrouteservice opensea opentok openweathermap opsgenie optimizely optimoroute
    ordoro originalityai otterai outseta ovhcloud owlbot oxforddictionaries oxylabs oysterhr ozow
    pabbly packagecloud packagist packlink pagecdn pagerduty pagseguro paloaltonetworks pandadoc
    papayaglobal paperform paperspace paradex parcelforce pardot paribu parsehub parseur partykit
    passbolt pastebin patreon patronusai paychex paycom paycor payfast payhawk payhip paylocity
    paymo paymongo payone payoneer paypal payplug payrix paysafe paysera paystack paytm paytrace
    payu payzen pdfco pdfcrowd pdffleet pdfgeneratorapi pdflayer pdfmonkey pdfshift pdftron pendo
    peopledatalabs pepipost perfios perimeterx personio pesapal petfinder pexels phantombuster
    phemex phisherman phishtank phonepe photoroom phraseapp picovoice picsart pictory pinelabs
    pingdom pingidentity pinpointhq pinterest pipedream pipedrive pirateweather pitchbook
    pivotaltracker piwik pixabay planetscale platformsh playht pleo plivo podbean podchaser podio
    poeditor polldaddy poloniex polygonscan porkbun portswigger poshmark positionstack posthog
    postmarkapp postmates postnl postnord powerreviews predibase prexview printful printify prismic
    probely productboard producthunt profitwell project44 promptlayer proofhub proofpoint
    propelauth proposify proxycrawl proxycurl proxykingdom proxyscrape przelewy24 pspdfkit pubg
    publer pubnub pulsedive pulumi purolator purpleair pushbullet pushengage pushwoosh pypi qase
    qawolf qdrant qianfan qonto qonversion qovery qstash quaderno qualtrics qualys quayio
    questionpro quickbooks quicknode quillbot quizapi qweather qwilr rackspace rainforestqa rakuten
    randommer rapid7 rapidapi rappi rapyd rawg raygun rayobyte razorpay readmeio reamaze rebrandly
    rechargepayments recordedfuture recraft recruitee recurly redash redcanary reddit redmine
    relevanceai removebg replit rescuetime resembleai restpack retellai revai revenuecat reviewsio
    revolut rijksmuseum ringcentral riotgames riskified roadgoat roboflow rocketchat rocketreach
    rockset rollbar rome2rio rookout rootly routee routific royalmail rubygems rudderstack runpod
    runwayml rutter rytr salesforce salesloft saltedge sambanova santiment satismeter satispay
    saucelabs savvycal sawolabs scaleai scaleserp scaleway scalingo scalr scamalytics scanii
    scoutapm scrapegraphai scrapeninja scrapeops scrapeowl scraperapi scraperbox scrapestack
    scrapfly scrapingant scrapingbee scrapingdog scrapinghub screenshotapi screenshotlayer
    screenshotmachine screenshotone seamlessai searchspring seatgeek secureframe securitytrails
    securonix sellfy semantria semaphoreci sematext semgrep semrush senangpay sendbird sendcloud
    sendgrid sendinblue sendlayer sendle sendowl sendpulse sentinelone serpapi serper serpstack
    serpstat servicenow setlistfm sevdesk sezzle sfexpress sharpspring sheetsu shift4shop shikimori
    shipbob shipcloud shipday shipengine shipmonk shippo shiprocket shipstation shipwell shodan
    shopee shopify shortio shotstack shuftipro shutterstock shyft siftscience sightengine signalfx
    signaliz signalwire signeasy signicat signifyd signoz signwell signzy siliconflow similarweb
    simkl simpleanalytics simplecast simplybook sinch sirv sisense site24x7 skrill skuvault
    skybiometry skyscanner smallpdf smartling smartlook smartrecruiters smartsheet smartsurvey
    smartystreets smsglobal smtp2go snapchat snapdeal snipcart snovio snowtrace snusbase snyk
    socialbee socketlabs socrata socure solcast solscan sonarcloud sonarqube sonatype songkick
    soniox sonix sophos sortly soundcloud sovos spacelift spacetraders sparkpost spectralops
    speechmatics spendesk splitio splunk spoonacular sportmonks spotify spreaker sproutsocial
    sproutvideo spycloud spyfu spyse squadcast squarespace squareup squidex stabilityai
    stackexchange stadiamaps statsig statuscake statusgator stitchdata stockx stonly storj
    stormglass storyblok strava stripe stytch substack sucuri sugarcrm sumologic sumsub supabase
    superannotate supertokens superwall supportbee suprsend surveycto surveygizmo surveymonkey
    surveysparrow survicate svix swaggerhub swiftkanban swiftype swiggy swyftx symblai synctera
    synthesia synthflow sysaid systran tabnine taggun tailscale talentlms talkjs talkwalker
    tankerkoenig tastedive tatum tavily tawkto taxamo taxcloud taxjar tcgplayer teamcity teamgantt
    teamsupport teamtailor teespring telesign telnyx temu tenableio tencentcloud tenjin tensordock
    termii testim testmo testrail tettra textcortex textkernel textmagic textrazor theaudiodb
    thecatapi thecocktaildb thedogapi themealdb themoviedb thenewsapi thenounproject thesportsdb
    thetvdb thinkific thirdweb thisispaper thousandeyes threatconnect threatfox thunderforest
    thundra thycotic ticketmaster tidbcloud tidio tiktok timecamp timedoctor tinify tinybird
    tinyurl tipalti tmdb tmetric todoist togetherai toggl tokbox tokocrypto tokopedia tomba
    tomorrowio tomtom toolhouse tooljet toyyibpay trackingmore tradier trafiklab traileraddict
    trakt transak transferwise transifex transitland transloadit transunion travelpayouts
    travelport travisci trayio treasuryprime treblle trello trendmicro trendyol tricentis trinet
    tripactions tripadvisor tripletex trmlabs truelayer trulioo trustly trustpilot tumblr
    turbopuffer turso twelvedata twicpics twilio twinfield twingate typesense uberduck ubereats
    uclassify udemy unbabel unbounce unsplash unstructuredio untappd unzer upbit upcloud uplead
    uploadcare uploadthing upstash uptimerobot upwork urbanairship urlbox urlhaus usabilla usaepay
    usajobs userguiding userpilot uservoice usps valohai valueserp vanta vastai vatlayer vdocipher
    vectara veeqo vendhq veracode verbit vercel verifalia veriff verifone veriphone veryfi viber
    victorops vidyard vimeo vinted vipps virustotal visma visualcrossing vivawallet voiceflow
    voicegain voicemod voilanorbert volcengine volusion vonage voyageai vtex vtiger vuldb vultr
    walkme wallhaven walmart wandb wappalyzer waqi wargaming wati wayfair wazirx weatherapi
    weatherbit weatherlink weatherstack weaviate web3auth web3storage webengage webex webhose
    webiny webscrapingai webscrapingapi wecantrack wechat weglot weibo wellsaidlabs what3words
    whatsapp whitebit whitesource whoisxmlapi whoxy whylabs windcave wirecard wistia wmata
    wolframalpha wolt woocommerce woopra wootric wordnik wordsapi wordtune workato workos
    worldcoinindex worldline worldpay worldweatheronline wowza wpengine wrike writesonic wufoo
    wunderground xata xendit xero xmatters xpressbees xweather yandex yapily yesware yeswehack ynab
    yoco yodlee yotpo youcanbookme yousign youtube yugabyte zalando zamzar zapier zebpay zencoder
    zendesk zenefits zenhub zenrows zenserp zeplin zerobounce zerotier zestyio zettle zhipuai
    zilliz zipcodeapi ziprecruiter zitadel zoho zohodesk zohosign zomato zoomeye zoominfo zscaler
    zube zulip zuora zuplo zyte
    """.split()  # noqa: SIM905 (a list literal of 1,900 quoted names would not be read)
)
