"""Services that issue API keys or tokens, by the names code calls them (``named_key``).

From the public-apis directory's entries whose auth is apiKey or OAuth, plus developer services
known to issue keys (AI, payments, crypto, messaging, CRM, monitoring, CI, hosting, maps, ...).
Left out: dictionary words and common identifiers (``monday``, ``front``, ``segment``), names
under 4 characters, and platforms with detectors of their own (GitHub, Google, AWS, Slack).
"""

PROVIDERS: frozenset[str] = frozenset(
    """
    123formbuilder 15five 17track 1forge 1inch 1password 2c2p 2captcha 2checkout 360dialog
    3dcart 46elks 5paisa 7digital 7shifts abbyy abstractapi abtasty abusech abuseipdb abyssale
    accuweather acquia acrcloud activecampaign activepieces acuityscheduling acumatica
    acumbamail acunetix adafruitio adalo adapty adobesign adoptapet adyen adzuna aemet
    aerisweather aerodatabox afas affinda africastalking afterpay aftership agentops agilecrm
    agilitycms agoda agoraio agorapulse ahrefs ai21 ai21labs aimlapi airbrake airbridge airbyte
    aircall airdna airly airnow airtable airvisual airwallex aisensy aishub aiven akahu akamai
    akeyless akismet albacross alchemer alephalpha algolia alibaba alibabacloud alienvault
    aliexpress alipay aliyun allmysms allsportsapi alphavantage altiria amadeus ambee amberflo
    ambientweather amdoren amocrm amplience amplitude angelone anidb anilist ankorstore ankr
    anomali anonaddy anrok anticaptcha anymailfinder anyscale apaleo api2convert api2pdf apideck
    apiflash apifootball apify apigee apimatic apimedic apininjas apisports apivoid apixu
    apolloio appcues appdynamics apphud applitools applovin appmetrica appsflyer appsignal
    appsmith appveyor appwrite apryse aqicn aquasec aramex arbiscan arcgis archbee arcticwolf
    argocd arize arkesel arkham arkhamintelligence arkoselabs artbreeder artifactory asaas asana
    ascendex ashbyhq asknicely aspose assemblyai astradb astrologyapi astronomyapi astropay
    atatus atera athenahealth atlassian attio attom attomdata au10tix audd audiomack audioshake
    audiostack auspost auth0 authorizenet authress authy autodesk avalara aviationstack avito
    avoma awario aweber axonaut aylien ayrshare azuredevops azureopenai back4app backblaze
    backendless backtraceio baichuan baidu balena balenacloud balldontlie bamboohr bambora
    bandcamp bandsintown bannerbear banxa baremetrics barion basecamp baselime basescan baseten
    basiq basistheory battlenet bazaarvoice beds24 beehiiv beemafrica behance belvo
    benchmarkemail benzinga berbix bestbuy bestcaptchasolver betfair betsapi betterstack
    betteruptime betterworks bexio beyondtrust bharatpe biconomy bigcartel bigcommerce
    bigdatacloud bigoven bigpanda bilibili billbee billcom billdesk billomat billplz binance
    binaryedge bingmaps bingx bintray bitbank bitbns bitbucket bitcoinaverage bitdefender
    biteship bitfinex bitflyer bitget bitgo bithumb bitkub bitly bitmart bitmex bitmovin
    bitpanda bitpay bitquery bitrise bitrix24 bitrue bitsight bitso bitstamp bittrex bitvavo
    bitwarden blablacar blackfire blandai blazemeter blitapp blockchair blockcypher blockdaemon
    blockfrost blocknative blockscout blofin bloomreach bluedart bluesky bluesnap blynk bokun
    boldsign bookingcom boomi borzo botpress boxtal bpost brainshop braintree braintrust
    branchio brandwatch bravenewcoin bravesearch brawlstars breachdirectory breathehr
    breezometer breezyhr brevo brex brightcove brightdata brightlocal brightpearl bringg
    browseai browserbase browserless browserstack browshot bruzu bscscan btcmarkets btcpayserver
    btcturk budbee budibase bugcrowd bugfender bugherd bugsnag bugzilla builderio buildjet
    buildkite bukalapak bulkgate bungie bunnycdn bunq burstsms buttercms buzzsprout bybit
    byteplus bytescale cainiao calcom calendarific calendly callmebot callrail calorieninjas
    campaignmonitor canadapost cannyio canva capmonster capsolver capsulecrm captchaai
    carbonblack carbone carboninterface careerjet cartesia carto cashfree castai castleio
    catchpoint ccavenue cdn77 celigo cellcast cellulant celoscan censys cerebras cerebrium
    ceridian cerner cexio chainalysis chainstack changelly channeladvisor chapa chargebee
    chargify chartbeat chartio chartmogul chatbase chatfuel chatra chatwoot chatwork checkiday
    checkly checkmarx checkmk checkoutcom checkr checkwx cheetaho chronopost chronosphere cin7
    cinetpay circleci cirium cirrusci citymapper civitai civo clarifai clashofclans clashroyale
    cleantalk clearbit clearml cleverbot clevercloud cleverreach clevertap clickatell
    clickfunnels clickmeter clicksign clickup climacell climatiq clipdrop clippingmagic clockify
    clockodo cloudamqp cloudant cloudbeds cloudbet cloudconvert cloudflare cloudinary
    cloudkarafka cloudmersive cloudns cloudsmith cloudtalk cloudways cloverly cmtelecom
    cockroachlabs cocoapods codacy codaio codat codeberg codeclimate codecov codeforces
    codefresh codeium codemagic coderabbit codesandbox codeship cognigy cognism cognitoforms
    coinapi coinbase coincheck coindcx coinex coingate coingecko coinglass coinigy coinjar
    coinlayer coinlib coinmarketcap coinmate coinone coinpaprika coinpayments coinranking
    coinremitter coinspot coinswitch colissimo colossyan comeet cometchat cometml comgate
    commercelayer commercetools companieshouse complycube composio computop conekta confidentai
    configcat confluentcloud congressgov connectwise constantcontact constellix constructorio
    contabo contactout contentful convertio convertkit cooperhewitt copyai copyleaks coralogix
    coreweave correios cosmicjs countly coupang covalenthq coveo craftmypdf craftyclicks craiyon
    cratesio crawlbase crawlera crazyegg creatomate creditsafe cribl cricapi criminalip
    crispchat criteo cronhub cronitor cronofy cronoscan crowdin crowdsec crowdsignal crowdstrike
    crunchbase crunchydata crxcavator cryptocom cryptocompare cryptomkt cryptomus culqi
    cultureamp currencyapi currencybeacon currencycloud currencyconverterapi currencyfreaks
    currencylayer currencyscoop currentsapi curseforge customerio customgpt cutoutpro cuttly
    cvent cyberark cybersource cylance d4sign d7networks dacast dagpi dagshub dagster dailyco
    dailymotion danbooru daraja darksky darktrace dashamail dashlane dashscope databento
    databricks datacrunch datadog datadome dataforseo datagolf datalastic datanyze datastax
    datev datocms datto dayforce daytona deadmanssnitch dealfront deathbycaptcha debank decentro
    decodo deel deepai deepchecks deepgram deepinfra deepl deepnote deepseek deepsource deezer
    defillama dehashed delhivery delinea deliveroo deliverr deployhq depositphotos deribit
    descope desec deskpro detectify devcycle dexcom dexscreener dextools dhanhq dhgate diffbot
    dify digifinex digikey digio digistore24 digitalocean digitransit dingtalk directus discogs
    disqus dixa dlocal dnsimple dnsmadeeasy docebo dockerhub docmosis docraptor docsend
    docspring docsumo documenso document360 docuseal docusign dodopayments dojah doku dolbyio
    dolthub domcop domo doofinder doordash dotdigital douban doubao douyin dragonpay drata
    drchrono dreamhost dreamstudio dribbble droneio dropbox dropboxsign dropcontact drugbank
    dubco duckdns duitku duneanalytics duosecurity durianpay dwolla dynadot dynamsoft
    dynapictures dynatrace dyndns dynu dynv6 dyte e2b easebuzz easybill easydns easyparcel
    easypost easyship ebanx ebay ebird ebury ecobee ecomail ecomexpress ecommpay ecowitt ecwid
    edamam edenai edgio egnyte ekata elasticemail elasticpath elavon electricitymaps elephantsql
    elevenlabs elmahio eloqua elsevier emailhippo emaillabs emaillistverify emailoctopus
    emailrep emarsys embedly emburse enablebanking engagebay engagespot enom enphase entsoe
    envato eodhd eodhistoricaldata epayco epicgames epidemicsound eppo epsagon equifax equinix
    esendex esputnik esri etherscan ethplorer etrade etsy europeana eventbrite everflow everhour
    evernote eversign evervault eway exaai exabeam exactonline exchangerateapi exchangeratesapi
    exmo exoscale exotel expedia expensify experian exponea faceit faceplusplus facepp
    factorialhr falai fanarttv fantasydata fast2sms fastbill fastly fastmail fastspring
    fatsecret fatzebra faunadb favqs favro fawry fcsapi featherless featherlessai fedapay fedex
    feedly feishu fetchify figma figshare fiken filestack finage financialmodelingprep fincra
    findymail fingerprintjs finicity finix finnhub fintoc fireblocks firebolt firecrawl
    firefliesai firehydrant fireworksai firstpromoter fiserv fishaudio fitbit fivetran fixerio
    flagsmith fleetio flespi flexport flickr flightaware flightradar24 flightstats flinks
    flipkart flipsidecrypto flotiq flowdash flowlu fluidstack flutterwave flyio fmpcloud fofa
    fonoa foreca formbricks formcarry formkeep formsite formspree formstack forter fortinet
    fortnox fortrabbit fourkites foxit foxycart fraudguard fraudlabspro freecurrencyapi freepik
    freesound freightos freshbooks freshchat freshdesk freshmail freshping freshsales
    freshservice freshworks friendli friendliai friendlycaptcha frontapp frontegg ftmscan
    fullcontact fullhunt fullstory fundingsignals fusionauth fxmarketapi fyers gandi ganttpro
    garmin gateio gcore geckoboard geekflare geetest gemfury genesiscloud geoapify geocodeearth
    geocodefarm geocodexyz geocodify geocodio geodatasource geotab gerencianet getaddressio
    getimgai getpocket getstreamio gettyimages getyourguide getzep gfycat ghostinspector
    giantbomb giphy gitbook gitguardian gitpod gitter gladia glassnode glitchtip glitterly glovo
    gmarket gnews gnosisscan gocardless godaddy gohighlevel gojek goldapi goldsky goodhire
    goodreads gooseai gooten gorgias gotify gotomeeting govee govinfo gptzero grafana graphcms
    graphhopper graylog greenhouseio greptile greynoise groovehq groq growthbook grubhub
    gtmetrix guesty gumlet gumroad gupshup gyazo hackerearth hackerone halopsa happo happyfox
    happyscribe haptik harnessio harperdb harvestapp hashicorp hasoffers hasura haveibeenpwned
    hcaptcha headspin healthchecksio healthie heapanalytics hedra heidelpay helcim helicone
    helius hellosign helpcrunch helpjuice helpscout helpshift hepsiburada heremaps heroku
    hetrixtools hetzner hexpm heyflow heygen heyreach hibob hibp highlightio hightouch hipay
    hireright hitbtc hitpay hivemoderation hivemq holded holidayapi holvi honeybadger honeycomb
    honeycombio hookdeck hootsuite hostaway hostinger hotelbeds hotjar housecanary
    htmlcsstoimage huaweicloud hubdoc hubspot hubstaff hubtel hudsonrock huggingface humeai
    humio hunterio hunyuan huobi hybridanalysis hygraph hyperbrowser hyperdx hyperliquid
    hyperpay hyperping hyperscience hypertune hyperverge hypixel iamport ibmcloud ibmwatson
    icims iconfinder icons8 icontact icytools idealista idealpostcodes idenfy ideogram
    ideogramai idfy idology iexcloud iflytek iframely ifttt igdb ilert ilovepdf imagekit imagga
    imdb imgbb imgix imgur immobilienscout24 imperva improvmx incapsula incidentio
    independentreserve indodax infatica inferless infermedica infisical influxdata infobip
    infura infusionsoft ingenico inngest inoreader insightly instabase instabox instabug
    instacart instagram instamojo instana instantlyai instapage intasend integromat intelx
    interakt interswitch intigriti intrinio intruderio invicti invision invoiceninja involveme
    inworldai inwx ionos ip2location ip2proxy ip2whois ipapi ipay88 ipaymu ipgeolocation iphub
    ipify ipinfo ipinfodb ipqs ipqualityscore ipregistry iproyal ipstack iqair ironsource isbndb
    itchio itexmo iucnredlist iugu iyzico izettle jamendo jamf jarvislabs jasperai jawg jazzhr
    jdcloud jenkins jfrog jina jinaai jira jitbit jitsu jivosite jobvite joesandbox jooble
    jotform json2video judge0 judgeme jumia jumio jumpcloud jumpseller jupiterone juspay
    justcall jwplayer kaggle kagi kaiber kajabi kakao kakaopay kaleyra kaltura kameleoon
    kanbanize kandji kapwing karrio kaseya kashflow kashoo kaspersky kaspr katalon kayako keap
    keenio keeptruckin kentico kentik keycdn keywordsai kickbox kinde kinsta kissmetrics
    kiteconnect kitsu kiwicom kkbox klarna klaviyo klevu klingai klippa knowbe4 kobiton
    kobotoolbox kochava kommo kommunicate komoju kontentai korapay korbit kount koyeb kroger
    kucoin kushki kustomer labelbox lakera lalamove lambdalabs lambdatest lamini landbot
    landingai langchain langfuse langsmith languagelayer laposte larksuite lastfm launchdarkly
    laybuy lazada lbank leadfeeder leadiq leadpages leadsquared leakix leanplum leapsome
    learnworlds lemlist lemonsqueezy lemonway leonardoai leptonai letsenhance letta lexoffice
    libsyn lichess lifx lightrun lightspeedhq lightstep limesurvey lineascan linenotify
    linguarobot lingvanex linkedin linnworks linode listennotes listrak liveblocks livechatinc
    livekit livepeer liveperson livestorm llamacloud llamaindex llamaparse lmnt loaderio
    localazy locationiq locize lodgify logdna loggly loginradius logrhythm logrocket logtail
    logzio lokalise loqate lucidchart lumaai lumigo luminati lunarcrush lunary luno lusha lyft
    mabl magento magicbell magiceden mailboxlayer mailboxvalidator mailchannels mailchimp
    mailcoach mailerlite maileroo mailersend mailgun mailinator mailjet mailosaur mailpace
    mailrelay mailsac mailshake mailslurp mailtrap mailup mailwizz maldatabase malshare
    maltiverse malwarebazaar malwarebytes manageengine mandiant mangadex mangopay manychat
    mapbox mapillary mapmyindia mappls mapquest maptiler mapycz marinetraffic marketaux marketo
    marketstack marqeta marqo mashery mathpix matomo mattermost matterport maxmind maytapi mbta
    meaningcloud medallia mediafire mediastack medplum meesho meilisearch meistertask
    melhorenvio melissadata mem0 memberful memberstack mendeley meraki mercadobitcoin
    mercadolibre mercadopago mercari mercuryo mergify messagebird messari metacert metadefender
    metalpriceapi metalsapi meteoblue meteofrance meteomatics meteosource meteostat metoffice
    metriport mexc mezmo microblink microlink middesk midtrans migadu millionverifier mimecast
    mindbody mindee mintlify miro missiveapp mistralai mixcloud mixedbread mixpanel mnotify
    mobikwik mobizon mobygames mocean mockaroo modallabs modernmt moderntreasury modulr moengage
    moesif mojoauth molpay mondialrelay moneris moneybird monkeylearn monnify monsterapi monzo
    moonpay moonscan moonshot moonshotai moosend moovit moralis mosaicml motherduck mouseflow
    moyasar mozenda mparticle mpesa msegat msg91 mubert mulesoft multisafepay murf musixmatch
    myanimelist myfatoorah myfitnesspal myntra mysportsfeeds mywot n2yo namecheap namesilo
    nanoleaf nanonets nansen napster narakeet nasa nasdaqdatalink nationalrail naver navitia
    ncbi nearmap nebius neptuneai nessus netatmo netbird netcorecloud netcup neteller netgsm
    netlas netlify netnut netskope netsparker netsuite neutrinoapi neverbounce newegg newrelic
    newsapi newscatcher newsdataio nexi nexmo nextbillion nextcloud nexusmods nftport nftscan
    nftstorage ngrok nicepay nightcafe nightfallai nightscout nimbuspost ninjaone ninjarmm
    ninjavan nium nlpcloud noaa nocodb nomic nomics nopecha nophishy nordigen northflank
    notdiamond nounproject novadax novalnet novelai novita novitaai novu nownodes nowpayments
    npmjs nrel nsone ntfy nubela nuclia nuget nuki nulab numlookupapi numverify nutritionix
    nuvei nuvemshop nxcloud nylas nytimes nzpost oanda objectcut ocrspace octoai octoparse
    octopart octoprint octopusdeploy octopusenergy octopush oddsapi odoo officevibe ohdear
    oikolab oilpriceapi okex okta olamaps olark ollama omdbapi omise omnisend omniva onedrive
    onelogin onesignal onetrust onfido onfleet onlyoffice onramper ontraport onyphe opayo openaq
    opencage opencagedata opencart opencellid openchargemap opencorporates opendota
    openexchangerates openfda openfec openfigi opengraphr openmeteo openobserve openpay
    openphish openrouter openrouteservice opensea opensrs opensubtitles opentok openuv openvsx
    openweather openweathermap opsgenie opswat optimizely optimoroute orcid ordnancesurvey
    ordoro originalityai ortto otterai oura ouraring outbrain outreachio outscraper outseta
    ovhcloud owlbot oxapay oxforddictionaries oxylabs oysterhr ozow pabbly packagecloud
    packagist packeta packlink pagarme pagecdn pagerduty pagseguro paloaltonetworks pandadoc
    pandascore pandorabots pangea papago papayaglobal paperform paperspace paradex parcelforce
    pardot paribu parsehub parseur particleio partnerstack partykit passbolt passivetotal
    pastebin patreon patronusai paychex paycom paycor paydunya payfast payfort payhawk payhip
    payjp paylocity paymaya paymentwall paymo paymob paymongo paynl payone payoneer paypal
    paypay payplug payrix paysafe paysera paystack paytabs paytm paytr paytrace payu payulatam
    payzen pcloud pdfco pdfcrowd pdffleet pdfgeneratorapi pdflayer pdfmonkey pdfrest pdfshift
    pdftron peachpayments pendo pennylane peopledatalabs pepipost percyio perfios perimeterx
    perplexityai personio pesapal petfinder pexels phantombuster phemex phisherman phishtank
    phonepe photoroom phraseapp picovoice picsart pictory pinelabs pingdom pingidentity
    pinpointhq pinterest pionex pipedream pipedrive pipefy pirateweather pirsch pitchbook
    pitneybowes pivotaltracker piwik pixabay pixeldrain planetlabs planetscale platformsh
    playfab playht pleo plex plisio plivo podbean podcastindex podchaser podio poeditor
    pokemontcg polldaddy poloniex polygonio polygonscan porkbun portkey portswigger poshmark
    positionstack postcoder posthog postmarkapp postmates postnl postnord powerreviews predibase
    predicthq prembly prerenderio prestashop prexview printful printify prismic probely procore
    productboard producthunt profitwell project44 projectdiscovery prokerala promptlayer
    proofhub proofpoint propelauth proposify propublica prospeo proxycheckio proxycrawl
    proxycurl proxykingdom proxyscrape przelewy24 pspdfkit pubg publer pubmed pubnub pulsedive
    pulumi purolator purpleair pushbullet pushengage pusherapp pushsafer pushwoosh pypi qase
    qawolf qdrant qianfan qiniu qonto qonversion qovery qstash quaderno qualtrics qualys quandl
    quayio questionpro questrade quickbooks quickemailverification quicknode quillbot
    quiverquant quizapi qweather qwilr rackspace railwayapp raindropio rainforestqa rajaongkir
    rakuten randommer rapid7 rapidapi rapidmail rappi rapyd rawg raygun rayobyte razorpay
    readmeio readwise reamaze rebrandly recallai rechargepayments recordedfuture recraft
    recruitee recurly redash redcanary reddit redislabs redmine redocly redsys refinitiv regru
    regulationsgov relevanceai remita removebg rentcast replit replyio rescuetime resellerclub
    resembleai respondio restpack retailcrm retellai revai revenuecat reviewsio revolut
    rewardful rijksmuseum ringcentral riotgames riskified riskiq roadgoat roblox roboflow
    rocketchat rocketreach rockset rollbar rome2rio rookout rootly rossum route4me routee
    routific royalmail rubygems rucaptcha rudderstack runpod runwayml rutter rytr safaricom
    saferpay sagepay sailthru sakuracloud saleor salesforce salesloft salesmate saltedge
    sambanova santiment saplingai satismeter satispay saucelabs savvycal sawolabs scaleai
    scaleserp scaleway scalingo scalr scamalytics scandit scanii scopus scoutapm scrapegraphai
    scrapeless scrapeninja scrapeops scrapeowl scraperapi scraperbox scrapestack scrapfly
    scrapingant scrapingbee scrapingdog scrapinghub screenshotapi screenshotlayer
    screenshotmachine screenshotone seamlessai searates searchapi searchspring seatable seatgeek
    secureframe securityscorecard securitytrails securonix segmind selectel sellfy sellsy
    semanticscholar semantria semaphoreci sematext semgrep semrush senangpay sendbird sendchamp
    sendcloud sendfox sendgrid sendinblue sendlayer sendle sendowl sendpulse sendy sentinelhub
    sentinelone seon serpapi serper serply serpstack serpstat serpwow servicem8 servicenow
    servicetitan setlistfm sevdesk sezzle sfexpress shareasale sharpspring sheetsu sheety
    shift4shop shikimori shipbob shipcloud shipday shipengine shiphero shipmondo shipmonk
    shippit shippo shiprocket shipstation shipwell shlink shodan shopee shopify shopware shortio
    shortpixel shotstack shuftipro shutterstock shyft siftscience sightengine signalfx signaliz
    signalwire signeasy signicat signifyd signnow signoz signwell signzy siliconflow simfin
    similarweb simkl simpleanalytics simplecast simplybook sinch sirv sisense site24x7 skebby
    sketchfab skrill skuvault skybiometry skyscanner smallpdf smartcar smartlead smartling
    smartlook smartproxy smartrecruiters smartsheet smartsupp smartsurvey smartthings
    smartystreets smileidentity sms77 smsaero smsglobal smtp2go snapchat snapdeal snipcart
    snovio snowtrace snusbase snyk socialbee socketlabs socrata socure solaredge solcast solscan
    sonarcloud sonarqube sonatype songkick soniox sonix sophos soracom sortly soundcloud
    sourcehut sovos spacelift spacetraders spamhaus sparkpost spectralops speechmatics spendesk
    splitio splunk spoonacular sportmonks sportradar sportsdataio spotify spreaker sproutsocial
    sproutvideo spycloud spyfu spyse squadcast squarespace squareup squidex stabilityai
    stackexchange stadiamaps statsig statuscake statusgator statuspageio stitchdata stocknewsapi
    stocktwits stockx stonly storj stormglass storyblok strapi strava stripe stytch substack
    sucuri sugarcrm sumologic sumsub supabase superannotate supertokens superwall supportbee
    suprsend surveycto surveygizmo surveymonkey surveysparrow survicate svix swaggerhub
    swiftkanban swiftype swiggy switchbot swyftx symblai synctera synthesia synthflow sysaid
    sysdig systran tabnine taboola taggun tailscale talentlms talkdesk talkjs talkwalker tallyso
    tankerkoenig tastedive tastytrade tatum tavily tawkto taxamo taxcloud taxjar tcgplayer
    tealium teamcity teamgantt teamsupport teamtailor teespring telerivet telesign telnyx temu
    tenableio tencentcloud tenjin tensordock termii testim testmo testrail tettra textbelt
    textcortex textkernel textmagic textrazor theaudiodb thecatapi thecocktaildb thedogapi
    themealdb themoviedb thenewsapi thenounproject theoddsapi thesportsdb thetvdb thingsboard
    thingspeak thinkific thirdweb thisispaper thousandeyes threatbook threatconnect threatfox
    thunderforest thundra thycotic tibber ticketmaster tidbcloud tidio tiendanube tiingo tiktok
    timecamp timedoctor tinify tinybird tinypng tinyurl tipalti tmdb tmetric todoist togetherai
    toggl tokbox tokocrypto tokopedia tolgee tomba tomorrowio tomtom toolhouse tooljet
    tosspayments toyyibpay trackingmore trackjs tradestation tradier tradingeconomics trafiklab
    traileraddict trakt transak transbank transferwise transifex transitland transloadit
    transunion travelpayouts travelport travisci trayio treasuryprime treblle trello trendmicro
    trendyol trengo tricentis trinet tripactions tripadvisor tripletex trmlabs trongrid tronscan
    truelayer trulioo trustly trustpilot trycourier tryterra tumblr turbopuffer turbosmtp turso
    tuya tvmaze twelvedata twicpics twilio twinfield twingate typesense uberduck ubereats
    ubidots uclassify udemy ultradns ultramsg unbabel unbounce unifonic unisender unsplash
    unstructuredio untappd unwiredlabs unzer upbit upcitemdb upcloud updownio uplead uploadcare
    uploadthing upstage upstash upstox uptimerobot uptrace uptrends upwork upyun urbanairship
    urlbox urlhaus urlscan urlscanio urlvoid usabilla usaepay usajobs usda userguiding userpilot
    uservoice usps valohai valtown valueserp vanta vapi vastai vatlayer vdocipher vectara veeqo
    vendhq veracode verbit vercel verifalia veriff verifone veriphone veryfi vesselfinder viber
    victorops vidyard viewdns vimeo vinted vipps virustotal visma visualcrossing vivawallet
    vkontakte vnpay voiceflow voicegain voicemod voicerss voilanorbert volcengine volusion
    vonage voximplant voyageai vpnapi vtex vtiger vuldb vultr wakatime walkme wallhaven walmart
    wandb wappalyzer waqi wargaming wassenger wati wattime waveapps wayfair wazirx weatherapi
    weatherbit weatherflow weatherlink weatherstack weaviate web3auth web3storage webengage
    webex webflow webhookrelay webhose webiny webscrapingai webscrapingapi wecantrack wechat
    wechatpay weclapp weglot weibo wellsaidlabs wepay what3words whatsapp whitebit whitesource
    whoisfreaks whoisxmlapi whoxy whylabs wigle wildberries windcave wirecard wistia witai
    withings wmata wolframalpha wolt wompi woocommerce woopra wootric wordnik wordsapi wordtune
    workato workos worldcoinindex worldline worldnewsapi worldpay worldtides worldweatheronline
    wowza wpengine wpscan wrike writesonic wufoo wunderground xata xendit xero xfyun xignite
    xmatters xpressbees xweather yandex yapily yesware yeswehack yext ynab yoco yodlee yoti
    yotpo youcanbookme yourls yousign youtrack youtube yugabyte zabbix zadarma zalando zalopay
    zamzar zapier zebpay zencoder zendesk zenduty zenefits zenhub zenodo zenrows zenserp zenvia
    zeplin zeptomail zerion zerobounce zerodha zerotier zestyio zettle zhipu zhipuai zilliz
    zillow zipcodeapi zipcodebase ziprecruiter zitadel zoho zohodesk zohosign zomato zoomeye
    zoominfo zotero zscaler zube zulip zuora zuplo zyte
    """.split()  # noqa: SIM905 (a list literal of 2,600 quoted names would not be read)
)

NAMED_ONLY: frozenset[str] = frozenset(
    """
    aleph apollo attentive axiom brave braze clerk cockroach coda cohere comet confluent convex
    courier discord doppler drift duo elastic exa fal fauna foursquare gong gusto harvest hume
    hyperbolic intercom iterable june knock kraken lastpass lattice leonardo lepton linear loom
    loops luma mandrill mercury mistral modal mollie monday neon neptune notion nutshell
    outreach perplexity plaid plunk postman postmark pusher pushover railway redpanda reka
    replicate retool runway samsara segment square stability suno telegram timescale together
    typeform unstructured vault voyage weave writer zoom
    """.split()  # noqa: SIM905
)
"""Services whose names are words (Zoom, Notion, Together): read only in a credential's own
name (``ZOOM_CLIENT_SECRET``, ``NOTION_TOKEN``), where the word names the service, never on
the rest of a line or in a comment, where it is mostly the word."""
